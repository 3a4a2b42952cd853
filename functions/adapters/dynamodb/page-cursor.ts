import { z } from 'zod';
import { DomainError } from '../../core/errors';

/**
 * Opaque cursors over one global index of the control table: the encoded key of the last item shown. Decoding
 * accepts only a cursor the same list gave out (its index partition and item prefix), so another org's or
 * another list's cursor, or a forged one, is refused with the same VALIDATION_ERROR as garbage.
 */
export interface PageCursor {
  encode(key: Record<string, unknown>): string;
  decode(cursor: string, partition: string): Record<string, unknown>;
}

export function pageCursor(index: { partitionKey: string; sortKey: string }, itemPrefix: string): PageCursor {
  const CursorKey = z
    .object({ pk: z.string(), sk: z.string(), [index.partitionKey]: z.string(), [index.sortKey]: z.string() })
    .strict();
  return {
    encode: (key) => Buffer.from(JSON.stringify(key)).toString('base64url'),
    decode(cursor, partition) {
      let key: unknown;
      try {
        key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        key = undefined;
      }
      const parsed = CursorKey.safeParse(key);
      if (!parsed.success || parsed.data[index.partitionKey] !== partition || !parsed.data.pk.startsWith(itemPrefix)) {
        throw new DomainError('VALIDATION_ERROR', 'Invalid cursor: pass nextCursor from a previous page unchanged');
      }
      return parsed.data;
    },
  };
}
