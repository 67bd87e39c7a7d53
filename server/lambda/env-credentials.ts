/**
 * Stand-in for `@aws-sdk/credential-provider-node` in the Lambda bundle only (see
 * bundle.ts). Lambda always hands a function its role's credentials in environment
 * variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the
 * default chain's other sources — SSO, INI profiles, STS web identity, ECS, IMDS and
 * the nested clients they bring — are dead weight that every cold start would parse.
 * Local runs and tests keep the SDK's full chain.
 */
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);
