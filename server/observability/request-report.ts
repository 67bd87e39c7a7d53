/**
 * One log line and one set of metrics per API request: procedure(s), status,
 * duration, outcome, error codes, pseudonymous owner, and what DynamoDB cost.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { API_METRICS } from '../deployment-contract';
import type { RequestRecord } from './request-scope';
import { logger, metrics } from './telemetry';

export type Outcome = 'ok' | 'client_error' | 'server_error';

export function outcomeOf(status: number): Outcome {
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'ok';
}

export function reportRequest(record: RequestRecord, status: number): void {
  const durationMs = Math.round((performance.now() - record.startedAt) * 10) / 10;
  const outcome = outcomeOf(status);
  const entry = {
    requestId: record.requestId,
    procedures: record.procedures,
    status,
    outcome,
    durationMs,
    ...(record.owner !== undefined && { owner: record.owner }),
    ...(record.errorCodes.length > 0 && { errorCodes: [...new Set(record.errorCodes)] }),
    dynamodb: record.dynamodb,
  };
  if (outcome === 'server_error') logger.error('request', entry);
  else logger.info('request', entry);

  const names = API_METRICS.names;
  metrics.addMetric(names.requests, MetricUnit.Count, 1);
  metrics.addMetric(names.latency, MetricUnit.Milliseconds, durationMs);
  metrics.addMetric(names.clientErrors, MetricUnit.Count, outcome === 'client_error' ? 1 : 0);
  metrics.addMetric(names.serverErrors, MetricUnit.Count, outcome === 'server_error' ? 1 : 0);
  metrics.addMetric(names.dynamoDbConsumedCapacity, MetricUnit.Count, record.dynamodb.consumedCapacity);
  metrics.addMetric(names.dynamoDbThrottles, MetricUnit.Count, record.dynamodb.throttles);
  metrics.addMetadata('requestId', record.requestId);
  metrics.publishStoredMetrics();
  for (const code of new Set(record.errorCodes)) {
    const single = metrics.singleMetric();
    single.addDimension(API_METRICS.dimensions.errorCode, code);
    single.addMetric(names.errors, MetricUnit.Count, 1);
  }
}
