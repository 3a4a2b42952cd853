import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../core/errors';
import type { Logger } from '../../core/ports';

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The one place errors become HTTP answers (§3): a DomainError keeps its stable code and message; anything
 * else is logged and answered as a plain 500 that says nothing about the inside.
 */
export function errorResponse(error: unknown, logger: Logger): APIGatewayProxyStructuredResultV2 {
  if (error instanceof DomainError) {
    return json(error.statusCode, {
      success: false,
      error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) },
    });
  }
  logger.error('Unhandled error', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
  return json(500, { success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
}

/** Runs a request's work and maps whatever it throws. */
export async function answer(
  logger: Logger,
  work: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(error, logger);
  }
}
