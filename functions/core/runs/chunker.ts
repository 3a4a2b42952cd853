import { type Chunk, type ChunkRow, chunkIdOf } from './chunk';

export interface ChunkerOptions {
  readonly runId: string;
  readonly fileIndex: number;
  readonly maxRows: number;
  /** Budget for the serialised rows of one chunk, kept under the queue's message size. */
  readonly maxBytes: number;
  /** Sequence of the first chunk: a split resumed from a checkpoint goes on where it stopped. @default 0 */
  readonly firstSequence?: number;
}

/**
 * Cuts a file's rows into chunks by row count and by size. Deterministic: the same rows give the same chunk
 * ids, so a replayed split produces chunks the run already knows and counts nothing twice.
 */
export class Chunker {
  private header: readonly string[] | undefined;
  private headerSize = 0;
  private rows: ChunkRow[] = [];
  private bytes = 0;
  private sequence: number;

  constructor(private readonly options: ChunkerOptions) {
    this.sequence = options.firstSequence ?? 0;
  }

  setHeader(header: readonly string[]): void {
    this.header = header;
    this.headerSize = Buffer.byteLength(JSON.stringify(header));
  }

  /** Adds a row; answers the chunk this row closed (the rows before it), if any. */
  add(row: ChunkRow): Chunk | null {
    let size = Buffer.byteLength(JSON.stringify(row));
    let accepted = row;
    if (this.headerSize + size > this.options.maxBytes) {
      // One row larger than a whole message: keep its number and say why, drop its content.
      accepted = { n: row.n, malformed: `Row is larger than ${this.options.maxBytes} bytes` };
      size = Buffer.byteLength(JSON.stringify(accepted));
    }
    const full =
      this.rows.length > 0 &&
      (this.rows.length >= this.options.maxRows || this.headerSize + this.bytes + size > this.options.maxBytes);
    const closed = full ? this.flush() : null;
    this.rows.push(accepted);
    this.bytes += size;
    return closed;
  }

  /** The last, partial chunk; null when there is none. */
  flush(): Chunk | null {
    if (this.rows.length === 0) return null;
    const chunk: Chunk = {
      runId: this.options.runId,
      chunkId: chunkIdOf(this.options.fileIndex, this.sequence++),
      fileIndex: this.options.fileIndex,
      ...(this.header ? { header: this.header } : {}),
      rows: this.rows,
    };
    this.rows = [];
    this.bytes = 0;
    return chunk;
  }
}
