import { DomainError } from '../errors';

/** Items sent as JSON, stored as the NDJSON file the splitter reads: one item a line, in order. */
export function itemsToNdjson(items: readonly unknown[], maxItems: number): Buffer {
  if (items.length > maxItems) {
    throw new DomainError('TOO_MANY_ITEMS', `At most ${maxItems} items per upload`, { items: items.length, limit: maxItems });
  }
  return Buffer.from(items.map((item) => JSON.stringify(item) ?? 'null').join('\n') + '\n', 'utf8');
}
