import { createBatchImportClient, type BatchImportClient } from '../../client';

/**
 * The typed client, on the dashboard's own origin. No key is held in the page: the browser sends the HttpOnly
 * session cookie with each same-origin request.
 */
export const api: BatchImportClient = createBatchImportClient({ baseUrl: location.origin });

/** The §3 error body's `error` object, thrown by `expectData` so pages can show its message and branch on its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * Returns the 2xx body or throws an ApiError. A 401 also tells the session that it has ended (key revoked, session
 * expired), so the app returns to the sign-in page wherever it was.
 */
export async function expectData<T>(answer: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await answer;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  const code = body.error?.code ?? `HTTP_${response.status}`;
  if (response.status === 401) window.dispatchEvent(new CustomEvent('session-ended'));
  throw new ApiError(response.status, code, body.error?.message ?? response.statusText, body.error?.details);
}
