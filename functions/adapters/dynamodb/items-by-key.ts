import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { retry, Unfinished } from '../retry';

/** Keys one BatchGetItem call takes at most. */
const BATCH_GET_MAX = 100;
/** Rounds with keys left unprocessed (throttled) before the read gives up. */
const MAX_ROUNDS = 8;
const ROUND_BACKOFF = { baseMs: 25, capMs: 3200 };

export interface ItemKey {
  readonly pk: unknown;
  readonly sk: unknown;
}

/**
 * The items of the control table under these keys, in the order of the keys, read with BatchGetItem: what a list
 * does after it found its page in an index that projects less than the whole item (lib/resources.ts CONTROL_TABLE).
 * A key whose item is gone by now (deleted between the query and the read) is left out.
 */
export async function itemsByKey(client: DynamoDBDocumentClient, tableName: string, keys: readonly ItemKey[]): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  const id = (key: ItemKey): string => `${String(key.pk)}\u0000${String(key.sk)}`;
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_MAX).map(({ pk, sk }) => ({ pk, sk }));
    await retry(async () => {
      const output: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      for (const item of output.Responses?.[tableName] ?? []) found.set(id(item as ItemKey), item);
      pending = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length > 0) throw new Unfinished(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
    }, { maxAttempts: MAX_ROUNDS, ...ROUND_BACKOFF });
  }
  return keys.map((key) => found.get(id(key))).filter((item): item is Record<string, unknown> => item !== undefined);
}
