/**
 * Per-stage settings: the one place where a stage is declared throwaway or protected.
 *
 * A stage that is not listed here is PROTECTED (its data survives `cdk destroy`), whatever it is
 * called: `prd`, `live`, `staging` or `customer-a` all keep their table, user pool, site bucket and
 * logs. Only a stage declared here with `protectData: false`, or deployed with
 * `-c protectData=false`, is throwaway.
 *
 * `-c accessLogs=true|false` and `-c tracing=true|false` override the switches below for one run,
 * `-c alarmEmail=you@example.com` the alarm address.
 *
 * Blast radius (README "Stages and data protection", decision 032): every stage has a reserved concurrency for
 * the API and a maximum on-demand throughput for the table; unless declared, the small defaults of
 * stage-config.ts apply (10 concurrent requests, 200 read / 100 write units a second). `webAcl`
 * (AWS WAF, per-IP rate limit) is off unless declared, because it costs about $6 a month; a stage
 * with it must be deployed to us-east-1.
 */
import type { StageSettingsInput } from './lib/stage-config';

export const STAGES: Readonly<Record<string, StageSettingsInput>> = {
  // The default stage (`npm run deploy` without -c stage=...): a personal sandbox.
  dev: { protectData: false, apiReservedConcurrency: 10, tableMaxReadRequestUnits: 200, tableMaxWriteRequestUnits: 100 },
  prod: {
    protectData: true,
    accessLogs: true,
    tracing: true,
    apiReservedConcurrency: 100,
    tableMaxReadRequestUnits: 4_000,
    tableMaxWriteRequestUnits: 1_000,
    // todoLimitPerUser: 100_000, // the default (shared/limits.ts); creates past it get 403
    // webAcl: true,            // AWS WAF with a per-IP rate rule (about $6/month; us-east-1 only)
    // alarmEmail: 'ops@example.com',
  },
};
