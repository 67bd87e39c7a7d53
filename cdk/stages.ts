/**
 * Per-stage settings: the one place where a stage is declared throwaway or protected.
 *
 * A stage that is not listed here is PROTECTED (its data survives `cdk destroy`), whatever it is
 * called: `prd`, `live`, `staging` or `customer-a` all keep their table, user pool, site bucket and
 * logs. Only a stage declared here with `protectData: false`, or deployed with
 * `-c protectData=false`, is throwaway.
 *
 * `-c accessLogs=true|false` and `-c tracing=true|false` override the switches below for one run.
 */
import type { StageSettingsInput } from './lib/stage-config';

export const STAGES: Readonly<Record<string, StageSettingsInput>> = {
  // The default stage (`npm run deploy` without -c stage=...): a personal sandbox.
  dev: { protectData: false },
  prod: { protectData: true, accessLogs: true, tracing: true },
};
