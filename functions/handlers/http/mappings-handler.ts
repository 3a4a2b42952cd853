import type { ApiKeyRepository, Logger } from '../../core/ports';
import {
  createMapping,
  deleteMapping,
  getMapping,
  listMappings,
  updateMapping,
  type MappingDeps,
} from '../../core/use-cases/manage-mappings';
import { dispatch } from './dispatch';
import { jsonBody } from './request';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface MappingsHandlerDeps extends MappingDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
  readonly logger: Logger;
}

/** `GET|POST /batch-import/mappings` and `GET|PATCH|DELETE /batch-import/mappings/{mappingId}` (vendor A.2). */
export function createMappingsHandler(deps: MappingsHandlerDeps) {
  return dispatch(deps, {
    listMappings: async ({ principal, query }) => json(200, await listMappings(deps, principal, query)),
    createMapping: async ({ principal, event }) => json(201, await createMapping(deps, principal, jsonBody(event, 'the mapping'))),
    getMapping: async ({ principal, path }) => json(200, await getMapping(deps, principal, path.mappingId)),
    updateMapping: async ({ principal, path, event }) =>
      json(200, await updateMapping(deps, principal, path.mappingId, jsonBody(event, 'the mapping'))),
    deleteMapping: async ({ principal, path }) => json(200, await deleteMapping(deps, principal, path.mappingId)),
  });
}
