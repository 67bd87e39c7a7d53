/**
 * The function's structured logs and metrics, through Powertools for AWS Lambda:
 * JSON log lines CloudWatch Logs Insights can query, and metrics in CloudWatch
 * embedded metric format (written to the log, no API calls, no extra latency).
 * Settings come from the standard Powertools variables (POWERTOOLS_LOG_LEVEL,
 * POWERTOOLS_METRICS_DISABLED, ...); the local stack quiets both (local-backend.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { API_METRICS, FUNCTION_ENV } from '../deployment-contract';

export const SERVICE_NAME = API_METRICS.service;
/** CloudWatch namespace of the custom metrics (alarms and the dashboard read it). */
export const METRICS_NAMESPACE = API_METRICS.namespace;

/**
 * The deployment stage (APP_STAGE, set by CDK), a dimension of every metric: two stages in
 * one account then keep their metrics, alarms and dashboards apart.
 */
export const STAGE = process.env[FUNCTION_ENV.stage] ?? 'local';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, defaultDimensions: { [API_METRICS.dimensions.stage]: STAGE } });
