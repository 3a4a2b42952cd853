import { nestsDeeperThan } from '../json-depth';

/**
 * What a file may hold before the readers stop reading it. They keep memory bounded whatever the file: without
 * them one endless field (a gzip of a few MB can hold gigabytes of it), a header of a hundred thousand columns or a
 * line nested ten thousand deep would grow the process until it dies, and the run would be resumed to die again.
 * Configuration (functions/config/pieces.ts, FileLimits): MAX_COLUMNS, MAX_ROW_BYTES, MAX_JSON_DEPTH.
 */
export interface FileLimits {
  /** Columns a CSV header or row may have; more ends the run (`FILE_UNREADABLE`). */
  readonly maxColumns: number;
  /**
   * Size of one CSV record (its fields, as the parser holds them) or one NDJSON line, in bytes of text (characters
   * outside ASCII may count more than once). A longer NDJSON line is a `MALFORMED_ROW` and reading goes on at the
   * next line; a longer CSV record ends the run (`FILE_UNREADABLE`), because where it ends depends on quotes that
   * can no longer be trusted.
   */
  readonly maxRowBytes: number;
  /** How deep arrays and objects may nest in one JSON item; deeper is a `MALFORMED_ROW`. */
  readonly maxJsonDepth: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxColumns: 2_000,
  maxRowBytes: 1_048_576,
  maxJsonDepth: 64,
};

/**
 * Whether arrays and objects in a JSON text nest deeper than `max`, counted without parsing (core/json-depth.ts),
 * so a line too deep to parse or print safely (JSON.stringify recurses) is refused before either runs. A line no
 * longer than `max` cannot be: each level takes a character.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  return text.length > max && nestsDeeperThan(text, max);
}
