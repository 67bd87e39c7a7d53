/** The DynamoDB client's time budget, and the local stack's longer per-attempt timeout. */
import { describe, expect, it } from 'vitest';
import { DYNAMODB_CLIENT_SETTINGS, dynamoDbClientSettings } from './client-settings';

describe('DynamoDB client settings', () => {
  it('give up after 3 attempts of at most 1 s each, and really throw on a timeout', () => {
    expect(DYNAMODB_CLIENT_SETTINGS).toEqual({
      maxAttempts: 3,
      retryMode: 'standard',
      requestHandler: { connectionTimeout: 500, requestTimeout: 1000, throwOnRequestTimeout: true },
    });
  });

  it('are the function settings unless DYNAMODB_REQUEST_TIMEOUT_MS is a positive number', () => {
    for (const value of [undefined, '', '0', '-1', 'soon', 'Infinity']) {
      expect(dynamoDbClientSettings(value === undefined ? {} : { DYNAMODB_REQUEST_TIMEOUT_MS: value }), String(value)).toBe(DYNAMODB_CLIENT_SETTINGS);
    }
  });

  it('take only the per-attempt timeout from DYNAMODB_REQUEST_TIMEOUT_MS', () => {
    expect(dynamoDbClientSettings({ DYNAMODB_REQUEST_TIMEOUT_MS: '3000' })).toEqual({
      ...DYNAMODB_CLIENT_SETTINGS,
      requestHandler: { ...DYNAMODB_CLIENT_SETTINGS.requestHandler, requestTimeout: 3000 },
    });
    expect(dynamoDbClientSettings({ DYNAMODB_REQUEST_TIMEOUT_MS: '0.5' }).requestHandler.requestTimeout).toBe(0.5);
  });
});
