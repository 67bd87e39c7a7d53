import type { Context } from 'aws-lambda';

/** The invocation context Lambda passes next to the event, for local runs and tests. */
export function lambdaContext(requestId: string, functionName = 'todos-api-local'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    /* eslint-disable @typescript-eslint/no-deprecated -- legacy members the type requires; never called */
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    /* eslint-enable @typescript-eslint/no-deprecated */
  };
}
