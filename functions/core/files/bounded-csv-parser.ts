import { Parser, type CsvError, type Options } from 'csv-parse';
import type { TransformCallback } from 'node:stream';
import type { FileLimits } from './limits';
import { FileReadError } from './read-error';

/** What csv-parse keeps of the record it is reading (its `state`, public for compatibility but untyped). */
interface ParserState {
  readonly record?: readonly unknown[];
}

/**
 * csv-parse with a bound on every record, so a file cannot grow the process whatever it holds:
 * - its own `max_record_size` bounds the characters of a record's fields (one endless field, a quote never closed);
 *   with `skip_records_with_error` it would report the record and then silently drop the rest of the file, so the
 *   report ends the read instead;
 * - the number of fields is bounded here: empty fields add nothing to the record size, so a line of commas alone
 *   would otherwise build an array of any length. The record being read is checked after each piece of input
 *   (pieces are at most a few tens of kilobytes, see read-rows.ts) and every finished record in `on_record`.
 * Either ends the read with a FileReadError that says what was too large and where.
 */
export class BoundedCsvParser extends Parser {
  private failure: FileReadError | undefined;

  constructor(
    options: Options,
    private readonly limits: Pick<FileLimits, 'maxColumns' | 'maxRowBytes'>,
  ) {
    super({
      ...options,
      max_record_size: limits.maxRowBytes,
      on_record: (record: string[], context) => {
        // `records` already counts this one: the header is record 1.
        if (record.length > limits.maxColumns) throw tooManyColumns(limits.maxColumns, context.records <= 1, context.lines);
        return options.on_record ? options.on_record(record, context) : record;
      },
    });
    // Registered first, so the read ends before anyone else hears of a record that was cut.
    this.prependListener('skip', (error: CsvError & { lines?: number }) => {
      if (error.code !== 'CSV_MAX_RECORD_SIZE') return;
      const where = this.info.records === 0 ? 'The header row' : `The row that reaches line ${error.lines ?? this.info.lines}`;
      this.failure ??= new FileReadError(
        'FILE_UNREADABLE',
        `${where} is over ${limits.maxRowBytes} bytes (MAX_ROW_BYTES): a field that long, or a quote that is never closed, cannot be imported`,
      );
    });
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failure) return callback(this.failure);
    super._transform(chunk, encoding, (error?: Error | null) => {
      if (error) return callback(error);
      if (this.failure) return callback(this.failure);
      const reading = (this as unknown as { state?: ParserState }).state?.record?.length ?? 0;
      if (reading > this.limits.maxColumns) return callback(tooManyColumns(this.limits.maxColumns, this.info.records === 0, this.info.lines));
      callback();
    });
  }

  override _flush(callback: TransformCallback): void {
    if (this.failure) return callback(this.failure);
    super._flush((error?: Error | null) => callback(error ?? this.failure));
  }
}

function tooManyColumns(max: number, header: boolean, line: number): FileReadError {
  const what = header ? 'The header row has' : `The row at line ${line} has`;
  return new FileReadError('FILE_UNREADABLE', `${what} more than ${max} columns (MAX_COLUMNS)`);
}
