import type { FormatOptions } from '../files/format';
import type { DefaultFields } from '../mappings/mapping';
import type { ColumnMapping, KindOptions } from './run';

/** Options of an upload, checked before a job exists, whichever way the file arrives. */
export interface UploadOptions {
  readonly namespace: string;
  readonly format: FormatOptions;
  readonly columnMapping: ColumnMapping | null;
  /** Values for fields a row leaves empty; from a saved mapping. */
  readonly defaultFields: DefaultFields | null;
  /** The saved mapping the columns come from, if any. */
  readonly mappingId: string | null;
  readonly kindOptions: KindOptions;
  readonly reportRecipientEmails: readonly string[];
}
