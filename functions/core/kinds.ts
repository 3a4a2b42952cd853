/** The three kinds of batch job (§2) and what each needs. */
export const JOB_KINDS = ['entity_automatic', 'transaction_batch', 'user_event_batch'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const SCOPES = ['entities:bulk_import', 'transactions:create', 'events:create', 'import-jobs:manage'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scope needed to upload or control a job of each kind (§3). */
export const SCOPE_BY_KIND: Record<JobKind, Scope> = {
  entity_automatic: 'entities:bulk_import',
  transaction_batch: 'transactions:create',
  user_event_batch: 'events:create',
};

/** Any one of these lets a key read batch jobs. */
export const READ_JOB_SCOPES: readonly Scope[] = ['entities:bulk_import', 'transactions:create', 'events:create'];

/** The upload route's last path segment for each kind. */
export const KIND_BY_ROUTE_SEGMENT: Record<string, JobKind> = {
  entities: 'entity_automatic',
  transactions: 'transaction_batch',
  'user-events': 'user_event_batch',
};

/** How many files one multipart upload may carry (§4: transactions take up to 5). */
export const MAX_FILES_BY_KIND: Record<JobKind, number> = {
  entity_automatic: 1,
  transaction_batch: 5,
  user_event_batch: 1,
};
