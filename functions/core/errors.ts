/**
 * Errors the domain raises on purpose. Each carries a stable `code` that clients can branch on and the HTTP
 * status the API answers with; one mapper (handlers/http/responses.ts) turns them into the error body.
 * Anything that is not a DomainError is a bug or an outage and is answered as a plain 500.
 */
export type ErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'TOO_MANY_ITEMS'
  | 'FILE_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT'
  | 'INVALID_MAPPING'
  | 'CONFLICT'
  /** Another request with this Idempotency-Key is still creating its job: retry in a moment. */
  | 'IDEMPOTENCY_IN_PROGRESS'
  /** An import job cannot go from its status to the one asked for (§7). */
  | 'INVALID_STATUS_TRANSITION'
  /** No route has this path. */
  | 'ROUTE_NOT_FOUND'
  /** A route has this path, for other methods. */
  | 'METHOD_NOT_ALLOWED'
  /** A state-changing request signed in by the session cookie came from another origin (or named none). */
  | 'ORIGIN_MISMATCH';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_ERROR: 400,
  TOO_MANY_ITEMS: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FORMAT: 415,
  INVALID_MAPPING: 400,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  INVALID_STATUS_TRANSITION: 409,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ORIGIN_MISMATCH: 403,
};

export class DomainError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
    this.statusCode = STATUS_BY_CODE[code];
  }
}

/**
 * The object store holds nothing under a key (never written, expired, or deleted). Not a DomainError: the adapters
 * raise it, and the use case that meets it says what it means (a run whose file is gone fails).
 */
export class SourceMissingError extends Error {}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
