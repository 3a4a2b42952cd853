import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ChunkReservation, QuotaKey, QuotaLimit, QuotaStore, ReserveAnswer } from '../../core/quota/ports';
import { retry } from '../retry';

/**
 * The monthly quota in the control table:
 *   QUOTA#<orgId>#<namespace> / LIMIT           the namespace's own limit (absent: the configured default)
 *   QUOTA#<orgId>#<namespace> / MONTH#<YYYY-MM> `used`, the rows counted in that UTC month
 *   RUN#<jobId> / QUOTA#<chunkId>               a chunk's reservation (its granted row numbers, `released`)
 * The namespace comes last in the key and holds no `#`, so no two org/namespace pairs share a partition.
 * Reservations sit beside the run's other chunk markers and are written in the same transaction as the counter
 * they change: that is what makes a chunk take and give back its rows exactly once.
 */
export class DynamoQuotaStore implements QuotaStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getLimit(key: QuotaKey): Promise<number | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: limitKey(key), ConsistentRead: true }),
    );
    return typeof Item?.limit === 'number' ? Item.limit : null;
  }

  async setLimit(key: QuotaKey, limit: number, at: string): Promise<void> {
    this.knownLimits.delete(quotaPartition(key));
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...limitKey(key), type: 'QuotaLimit', orgId: key.orgId, namespace: key.namespace, limit, updatedAt: at },
      }),
    );
  }

  async getUsed(key: QuotaKey, month: string): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: counterKey(key, month), ConsistentRead: true }),
    );
    return typeof Item?.used === 'number' ? Item.used : 0;
  }

  /**
   * The namespace's own limit as this process last saw it (null: none set). Only a guess: the reservation checks it
   * in its transaction, and a namespace whose limit changed answers the new one and is reserved again.
   */
  private readonly knownLimits = new Map<string, number | null>();

  async reserve(reservation: ChunkReservation, limit: QuotaLimit): Promise<ReserveAnswer> {
    if (typeof limit === 'number') {
      const answer = await this.reserveWithin(reservation, limit, undefined);
      if (answer.outcome === 'limit_changed') throw new Error('A fixed limit was checked against a stored one');
      return answer;
    }
    const id = quotaPartition(reservation);
    for (let attempt = 1; attempt <= MAX_LIMIT_GUESSES; attempt++) {
      const own = this.knownLimits.get(id) ?? null;
      const answer = await this.reserveWithin(reservation, own ?? limit.ownOrDefault, own);
      if (answer.outcome !== 'limit_changed') return answer;
      this.knownLimits.set(id, answer.own);
    }
    throw new Error(`The limit of ${id} kept changing while chunk ${reservation.chunkId} reserved`);
  }

  /**
   * One transaction: the reservation (once per chunk), the counter increment within `limit`, and, when `assumedOwn`
   * is given, a check that the namespace's own limit is still the one `limit` was taken from.
   */
  private async reserveWithin(
    reservation: ChunkReservation,
    limit: number,
    assumedOwn: number | null | undefined,
  ): Promise<ReserveAnswer | { outcome: 'limit_changed'; own: number | null }> {
    const rows = reservation.rows.length;
    const ledger = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...reservationKey(reservation),
          type: 'QuotaReservation',
          orgId: reservation.orgId,
          namespace: reservation.namespace,
          month: reservation.month,
          rows: [...reservation.rows],
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const counter = {
      Update: {
        TableName: this.tableName,
        Key: counterKey(reservation, reservation.month),
        // `used + rows <= limit`, written so that it needs no arithmetic on the stored side. A month with no counter
        // yet counts as 0 used, which holds only if the rows fit in the limit at all.
        UpdateExpression: 'ADD #used :rows',
        ConditionExpression: rows <= limit ? 'attribute_not_exists(#used) OR #used <= :max' : '#used <= :max',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':rows': rows, ':max': limit - rows },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
    const limitCheck = {
      ConditionCheck: {
        TableName: this.tableName,
        Key: limitKey(reservation),
        ConditionExpression: assumedOwn === null ? 'attribute_not_exists(#limit)' : '#limit = :own',
        ExpressionAttributeNames: { '#limit': 'limit' },
        ...(assumedOwn === null ? {} : { ExpressionAttributeValues: { ':own': assumedOwn } }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
    // A reservation of no rows takes nothing: its limit does not matter.
    const checked = rows > 0 && assumedOwn !== undefined;
    const reasons = await this.transact(rows > 0 ? (checked ? [ledger, counter, limitCheck] : [ledger, counter]) : [ledger]);
    if (!reasons) return { outcome: 'reserved' };
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      const existing = await this.findReservation(reservation);
      if (!existing) throw new Error(`Reservation of chunk ${reservation.chunkId} refused but not found`);
      return { outcome: 'already_reserved', reservation: existing };
    }
    if (checked && reasons[2]?.Code === 'ConditionalCheckFailed') {
      const item = reasons[2].Item ? unmarshall(reasons[2].Item as Record<string, AttributeValue>) : {};
      return { outcome: 'limit_changed', own: typeof item.limit === 'number' ? item.limit : null };
    }
    const old = reasons[1]?.Item ? unmarshall(reasons[1].Item as Record<string, AttributeValue>) : {};
    return { outcome: 'not_enough', used: typeof old.used === 'number' ? old.used : 0, limit };
  }

  async release(reservation: ChunkReservation, rows: number): Promise<boolean> {
    const reasons = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(reservation),
          UpdateExpression: 'SET released = :rows',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(released)',
          ExpressionAttributeValues: { ':rows': rows },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: counterKey(reservation, reservation.month),
          UpdateExpression: 'ADD #used :minus',
          ExpressionAttributeNames: { '#used': 'used' },
          ExpressionAttributeValues: { ':minus': -rows },
        },
      },
    ]);
    return reasons === null;
  }

  async findReservation(ref: Pick<ChunkReservation, 'runId' | 'chunkId'>): Promise<ChunkReservation | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: reservationKey(ref), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      runId: ref.runId,
      chunkId: ref.chunkId,
      orgId: String(Item.orgId),
      namespace: String(Item.namespace),
      month: String(Item.month),
      rows: (Item.rows as number[] | undefined) ?? [],
      released: typeof Item.released === 'number' ? Item.released : null,
    };
  }

  /**
   * Runs a transaction: null when it was applied, the cancellation reasons when a condition refused it. Two
   * transactions on the same counter at once cancel one another (TransactionConflict): those are tried again.
   */
  private async transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) {
    try {
      // A conflict or a throttle: back off with jitter, so racing workers do not meet again at once.
      await retry(() => this.client.send(new TransactWriteCommand({ TransactItems: items })), {
        maxAttempts: MAX_CONFLICT_ATTEMPTS,
        baseMs: 20,
        capMs: 1000,
        retryable: isPassingConflict,
      });
      return null;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return reasons;
      throw error;
    }
  }
}

/** A cancellation for conflicts or throughput alone (a failed condition is an answer, never retried). */
function isPassingConflict(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return reasons.every((reason) => RETRIABLE_REASONS.has(reason.Code ?? 'None'));
}

const MAX_CONFLICT_ATTEMPTS = 20;
/** Reservations in a row that may find the namespace's limit changed (it changes by an operator's hand). */
const MAX_LIMIT_GUESSES = 5;
const RETRIABLE_REASONS = new Set(['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

const quotaPartition = (key: QuotaKey) => `QUOTA#${key.orgId}#${key.namespace}`;
const limitKey = (key: QuotaKey) => ({ pk: quotaPartition(key), sk: 'LIMIT' });
const counterKey = (key: QuotaKey, month: string) => ({ pk: quotaPartition(key), sk: `MONTH#${month}` });
const reservationKey = (ref: Pick<ChunkReservation, 'runId' | 'chunkId'>) => ({ pk: `RUN#${ref.runId}`, sk: `QUOTA#${ref.chunkId}` });
