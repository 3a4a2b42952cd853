import type { APIGatewayProxyResultV2 } from 'aws-lambda';

/** Liveness for load balancers and the local stack: no auth, no dependencies. */
export const handler = async (): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok' }),
});
