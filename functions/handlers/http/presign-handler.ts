import type { ApiKeyRepository } from '../../core/ports';
import { createPresignedUpload, type PresignedUploadDeps } from '../../core/use-cases/create-presigned-upload';
import { dispatch } from './dispatch';
import { booleanQuery, header, jsonBody } from './request';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface PresignHandlerDeps extends PresignedUploadDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
}

/** `POST /batch-import/uploads`: a presigned PUT URL for a file too large to pass through the API. */
export function createPresignHandler(deps: PresignHandlerDeps) {
  return dispatch(deps, {
    createPresignedUpload: async ({ principal, event }) => {
      let body = jsonBody(event, 'the upload request');
      // `?dryRun=true` like the other upload routes; a `dryRun` in the body says the same.
      if (booleanQuery(event, 'dryRun') && body !== null && typeof body === 'object') body = { ...body, dryRun: true };
      return json(201, await createPresignedUpload(deps, principal, body, header(event, 'idempotency-key')));
    },
  });
}
