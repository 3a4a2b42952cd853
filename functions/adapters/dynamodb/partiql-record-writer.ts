import { BatchExecuteStatementCommand, BatchGetCommand, type BatchExecuteStatementCommandOutput, type BatchGetCommandInput, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ExistingRecord, ImportRecord } from '../../core/records/record';
import { mapWithConcurrency } from '../concurrency';
import { retry, Unfinished } from '../retry';

export type PutResult = { written: true } | { written: false; existing: ExistingRecord };

/** A record of a group not settled yet, with its place in the group. */
interface PendingInsert {
  readonly record: ImportRecord;
  readonly index: number;
}

/** How long new records are kept: absent, for good. */
export interface RecordRetention {
  readonly expireAfterDays?: number;
  /** Epoch milliseconds (tests pass a fixed clock). @default Date.now */
  readonly now?: () => number;
}

const DAY_SECONDS = 24 * 60 * 60;

/** Statements one BatchExecuteStatement call takes at most. */
export const STATEMENTS_MAX = 25;
const BATCH_GET_MAX = 100;
/** Rounds in which nothing settled (throttled, unprocessed) before a group gives up and the chunk is redelivered. */
const MAX_IDLE_ROUNDS = 10;
/** Full jitter: throttled writers of many workers spread out instead of meeting again. */
const IDLE_ROUNDS = { maxAttempts: MAX_IDLE_ROUNDS, baseMs: 50, capMs: 2000 };

/**
 * Per-statement answers that say "not now": nothing was written and the same statement may succeed later.
 * Anything else that is not a duplicate (a validation error, access denied) is a fault of ours and is thrown.
 */
const PASSING_CODES = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'TransactionConflict', 'InternalServerError']);

/** The item key of a record: the org comes first, so no two orgs can ever share (or read) a record. */
export const recordItemKey = (orgId: string, key: string) => ({ pk: `ORG#${orgId}#${key}`, sk: 'RECORD' });

/**
 * Writes records with PartiQL `INSERT`s, 25 in one BatchExecuteStatement: an INSERT writes only a key that is free,
 * and fails alone with `DuplicateItem` when the key is taken, so each record costs one write unit (a conditional
 * put in a transaction costs two) and a taken key does not cancel its neighbours.
 *
 * A taken key is classified by the item that holds it:
 *   - this very row of this very run (a replayed chunk, or a duplicate delivery racing this one): written;
 *   - anything else: the existing record, for the caller to classify (§8).
 * AWS hands the item back with the error (`ReturnValuesOnConditionCheckFailure: ALL_OLD`); DynamoDB Local does not,
 * so the keys whose item did not come back are read with one strongly consistent BatchGetItem.
 *
 * Exactly one writer wins a key, whichever writes race for it.
 */
export class PartiqlRecordWriter {
  private readonly insertStatement: string;
  private readonly insertWithTtlStatement: string;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly concurrency = 8,
    private readonly retention: RecordRetention = {},
  ) {
    const days = retention.expireAfterDays;
    if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new Error(`expireAfterDays must be a positive integer, got ${days}`);
    const fields = `'pk': ?, 'sk': ?, 'kind': ?, 'namespace': ?, 'jobId': ?, 'rowNumber': ?, 'data': ?`;
    this.insertStatement = `INSERT INTO "${tableName}" VALUE {${fields}}`;
    this.insertWithTtlStatement = `INSERT INTO "${tableName}" VALUE {${fields}, 'ttl': ?}`;
  }

  async putNew(records: readonly ImportRecord[]): Promise<PutResult[]> {
    // DynamoDB refuses a batch that names a key twice, whole. Records that repeat a key of this call go in later
    // waves, in order: the first is written, the ones after meet it as the record that holds their key.
    const waves: number[][] = [];
    const seen = new Map<string, number>();
    records.forEach((record, index) => {
      const id = `${record.orgId}\u0000${record.key}`;
      const wave = seen.get(id) ?? 0;
      seen.set(id, wave + 1);
      (waves[wave] ??= []).push(index);
    });
    const results = new Array<PutResult>(records.length);
    for (const wave of waves) {
      const written = await this.putDistinct(wave.map((index) => records[index] as ImportRecord));
      wave.forEach((index, i) => (results[index] = written[i] as PutResult));
    }
    return results;
  }

  private async putDistinct(records: readonly ImportRecord[]): Promise<PutResult[]> {
    const groups: ImportRecord[][] = [];
    for (let i = 0; i < records.length; i += STATEMENTS_MAX) groups.push(records.slice(i, i + STATEMENTS_MAX));
    const results = await mapWithConcurrency(groups, this.concurrency, (group) => this.putGroup(group));
    return results.flat();
  }

  private async putGroup(group: readonly ImportRecord[]): Promise<PutResult[]> {
    const results = new Array<PutResult | undefined>(group.length);
    let pending: PendingInsert[] = group.map((record, index) => ({ record, index }));
    // A round that settles something is followed at once; a round that settles nothing backs off.
    await retry(async () => {
      while (pending.length > 0) {
        const before = pending.length;
        pending = await this.insertRound(group, pending, results);
        if (pending.length === before) throw new Unfinished(`INSERTs still throttled after ${MAX_IDLE_ROUNDS} rounds`);
      }
    }, IDLE_ROUNDS);
    return results as PutResult[];
  }

  /** One BatchExecuteStatement of the pending INSERTs: settles what it can in `results`, returns what is left. */
  private async insertRound(group: readonly ImportRecord[], pending: readonly PendingInsert[], results: Array<PutResult | undefined>): Promise<PendingInsert[]> {
    const response: BatchExecuteStatementCommandOutput = await this.client.send(
      new BatchExecuteStatementCommand({
        Statements: pending.map(({ record }) => this.insert(record)),
      }),
    );
    const answers = response.Responses ?? [];
    const again: PendingInsert[] = [];
    const taken: PendingInsert[] = [];
    pending.forEach((entry, i) => {
      const error = answers[i]?.Error;
      if (!error) {
        results[entry.index] = { written: true };
      } else if (error.Code === 'DuplicateItem' || error.Code === 'ConditionalCheckFailed') {
        if (error.Item) results[entry.index] = settle(entry.record, existingOf(entry.record.key, error.Item));
        else taken.push(entry);
      } else if (PASSING_CODES.has(error.Code ?? '')) {
        again.push(entry);
      } else {
        throw new Error(`INSERT of ${entry.record.key} failed: ${error.Code ?? 'unknown'} ${error.Message ?? ''}`.trim());
      }
    });
    if (taken.length > 0) {
      const found = await this.read(group[0]!.orgId, taken.map(({ record }) => record.key));
      for (const entry of taken) {
        const existing = found.get(entry.record.key);
        // Gone again (a dry run's stand-in expired by TTL): the key is free, so insert it again.
        if (existing) results[entry.index] = settle(entry.record, existing);
        else again.push(entry);
      }
    }
    return again;
  }

  /** The TTL (epoch seconds) of a record written now, when records expire at all. */
  private retentionExpiry(): number | undefined {
    const days = this.retention.expireAfterDays;
    if (days === undefined) return undefined;
    return Math.floor((this.retention.now ?? Date.now)() / 1000) + days * DAY_SECONDS;
  }

  private insert(record: ImportRecord) {
    const key = recordItemKey(record.orgId, record.key);
    const parameters: unknown[] = [key.pk, key.sk, record.kind, record.namespace, record.runId, record.rowNumber, record.data];
    const expiresAt = record.expiresAt ?? this.retentionExpiry();
    if (expiresAt !== undefined) parameters.push(expiresAt);
    return {
      Statement: expiresAt !== undefined ? this.insertWithTtlStatement : this.insertStatement,
      Parameters: parameters,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  /**
   * The records these keys of one org hold, read strongly consistent: a key answered DuplicateItem a moment ago
   * must be seen with the item that took it.
   */
  async read(orgId: string, keys: readonly string[], consistent = true): Promise<Map<string, ExistingRecord>> {
    const found = new Map<string, ExistingRecord>();
    const prefix = `ORG#${orgId}#`;
    const projection = { ProjectionExpression: 'pk, jobId, rowNumber, #data', ExpressionAttributeNames: { '#data': 'data' }, ConsistentRead: consistent };
    for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
      let request: BatchGetCommandInput['RequestItems'] = {
        [this.tableName]: { Keys: keys.slice(i, i + BATCH_GET_MAX).map((key) => recordItemKey(orgId, key)), ...projection },
      };
      // UnprocessedKeys is a normal answer under load: ask again for those.
      await retry(async () => {
        const response: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of response.Responses?.[this.tableName] ?? []) {
          const key = String(item.pk).slice(prefix.length);
          found.set(key, existingOf(key, item));
        }
        const unprocessed = response.UnprocessedKeys?.[this.tableName]?.Keys;
        if (unprocessed?.length) {
          request = { [this.tableName]: { Keys: unprocessed, ...projection } };
          throw new Unfinished('BatchGetItem left keys unprocessed after retries');
        }
      }, IDLE_ROUNDS);
    }
    return found;
  }
}

/** A taken key held by this very row of this very run is our own earlier write: the row is imported. */
function settle(record: ImportRecord, existing: ExistingRecord): PutResult {
  return existing.runId === record.runId && existing.rowNumber === record.rowNumber ? { written: true } : { written: false, existing };
}

function existingOf(key: string, item: Record<string, unknown>): ExistingRecord {
  return {
    key,
    runId: String(item.jobId ?? ''),
    rowNumber: Number(item.rowNumber ?? 0),
    data: (item.data as Record<string, unknown> | undefined) ?? {},
  };
}
