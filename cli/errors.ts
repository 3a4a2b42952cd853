/** Exit codes the CLI promises (README, "Command line"). */
export const EXIT = {
  /** Completed with no failed or skipped rows; or a command that did what it was asked. */
  ok: 0,
  /** Failed, cancelled or interrupted; or any error. */
  error: 1,
  /** Completed with failed or skipped rows. */
  completedWithFailures: 2,
  /** An unknown command or option, a missing argument (sysexits' EX_USAGE). */
  usage: 64,
} as const;

/** An error meant for the person at the terminal: its message is the whole story, printed as one line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The service answered with its error body (`{ success: false, error: { code, message, details? } }`). */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly details?: unknown,
  ) {
    super(ApiError.describe(status, code, apiMessage));
    this.name = 'ApiError';
  }

  private static describe(status: number, code: string, message: string): string {
    if (status === 401) return `the API key was refused (401 ${code}): ${message}`;
    return `${status} ${code}: ${message}`;
  }
}

/** The address did not answer at all (refused, unknown host, reset). */
export class UnreachableError extends CliError {
  constructor(origin: string, why: string) {
    super(`cannot reach ${origin}: ${why}`);
    this.name = 'UnreachableError';
  }
}

/** Worth asking again: the service or the network failed for a moment, not the request. */
export const isTransient = (error: unknown): boolean =>
  error instanceof UnreachableError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));
