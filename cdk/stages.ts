/**
 * Per-stage settings: the one place where a stage is declared throwaway or protected.
 *
 * A stage that is not listed here is PROTECTED (its data survives `cdk destroy`), whatever it is
 * called: `prd`, `live`, `staging` or `customer-a` all keep their table, user pool, site bucket and
 * logs. Only a stage declared here with `protectData: false`, or deployed with
 * `-c protectData=false`, is throwaway.
 *
 * A protected stage does not synthesize until it says who hears its alarms (`alarmEmail`) and how
 * Cognito emails sign-up codes (`signUpEmail`, an Amazon SES identity): set them below, or pass
 * `-c alarmEmail=ops@your-domain -c signUpEmailFrom=no-reply@your-domain` (README "Deploy to AWS").
 *
 * `-c accessLogs=true|false` and `-c tracing=true|false` override the switches below for one run.
 *
 * Blast radius (README "Stages and data protection", decisions 032 and 051): every stage has a
 * maximum on-demand throughput for the table (defaults in stage-config.ts: 200 read / 100 write
 * units a second); reserved concurrency for the API is opt-in (`apiReservedConcurrency`), because a
 * new account's Lambda quota has no room for one. `webAcl` (AWS WAF, per-IP rate limit) is off
 * unless declared: it costs about $6 a month, and a stage with it must be deployed to us-east-1.
 */
import type { StageSettingsInput } from './lib/stage-config';

export const STAGES: Readonly<Record<string, StageSettingsInput>> = {
  // The default stage (`npm run deploy` without -c stage=...): a personal sandbox. No MFA, no
  // access logs, Cognito's own email sender (about 50 emails a day), alarms only on the topic.
  dev: { protectData: false, tableMaxReadRequestUnits: 200, tableMaxWriteRequestUnits: 100 },
  prod: {
    protectData: true,
    accessLogs: true,
    tracing: true,
    requireMfa: true,
    tableMaxReadRequestUnits: 4_000,
    tableMaxWriteRequestUnits: 1_000,
    // Required before the first deploy (or pass them with -c, see above):
    // alarmEmail: 'ops@your-domain.example',
    // signUpEmail: { from: 'no-reply@your-domain.example', fromName: 'Todos', verifiedDomain: 'your-domain.example' },
    //
    // Opt-ins, each with its cost or quota:
    // apiReservedConcurrency: 100, // needs an account concurrency quota of at least 200 (100 stay unreserved)
    // webAcl: true,                // AWS WAF per-IP rate rule, about $6/month; us-east-1 only
    // threatProtection: true,      // Cognito Plus plan, billed per monthly active user from the first
    // todoLimitPerUser: 100_000,   // the default (shared/limits.ts); creates past it get 403
  },
};
