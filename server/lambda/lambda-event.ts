import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

/** The HTTP events the handler accepts: REST API (payload 1.0) and HTTP API / Function URL (2.0). */
export type LambdaEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

export function isPayloadV2(event: LambdaEvent): event is APIGatewayProxyEventV2 {
  return (event as { version?: string }).version === '2.0';
}
