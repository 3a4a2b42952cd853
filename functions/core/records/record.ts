import type { JobKind } from '../kinds';

/** A validated record ready to be written, under the key that makes importing it twice change nothing. */
export interface ImportRecord {
  /** Deterministic key within the org: `ENTITY#<taxId>`, `TXN#<externalId>`, `EVENT#<eventId or row hash>`. */
  readonly key: string;
  readonly orgId: string;
  readonly namespace: string;
  readonly kind: JobKind;
  /** The run and row that wrote it: a replayed chunk recognises its own rows by these. */
  readonly runId: string;
  readonly rowNumber: number;
  readonly data: Readonly<Record<string, unknown>>;
  /** Epoch seconds after which the store may delete it (a dry run's stand-in records); kept forever otherwise. */
  readonly expiresAt?: number;
}

/** What a write found already under the key. */
export interface ExistingRecord {
  readonly key: string;
  readonly runId: string;
  readonly rowNumber: number;
  readonly data: Readonly<Record<string, unknown>>;
}
