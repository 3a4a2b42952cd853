import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, TransactWriteCommand, type BatchGetCommandInput, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RecordStore } from '../../core/ports';
import type { ExistingRecord, ImportRecord } from '../../core/records/record';
import { mapWithConcurrency } from '../concurrency';

const SORT_KEY = 'RECORD';
const BATCH_GET_MAX = 100;

/** The item key of a record: the org comes first, so no two orgs can ever share (or read) a record. */
const itemKey = (orgId: string, key: string) => ({ pk: `ORG#${orgId}#${key}`, sk: SORT_KEY });

type PutResult = { written: true } | { written: false; existing: ExistingRecord };

/** Items one TransactWriteItems call takes at most. */
const TRANSACTION_MAX = 100;
const MAX_ATTEMPTS = 10;

/**
 * Imported records, one item each, written with conditional puts: the key must be free, or hold this very row
 * of this very run (a replayed chunk). Up to 100 puts go in one transaction; when some conditions fail,
 * DynamoDB cancels the transaction and hands back, per put, the item that holds the key. Those rows are
 * classified as existing and the rest are written again without them. One round trip per 100 rows in the
 * common case, and no race between two runs importing the same key: exactly one of them writes it.
 */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly concurrency = 4,
  ) {}

  async putNew(records: readonly ImportRecord[]): Promise<PutResult[]> {
    const groups: ImportRecord[][] = [];
    for (let i = 0; i < records.length; i += TRANSACTION_MAX) groups.push(records.slice(i, i + TRANSACTION_MAX));
    const results = await mapWithConcurrency(groups, this.concurrency, (group) => this.putGroup(group));
    return results.flat();
  }

  private async putGroup(group: readonly ImportRecord[]): Promise<PutResult[]> {
    const results = new Array<PutResult | undefined>(group.length);
    let pending = group.map((record, index) => ({ record, index }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({ TransactItems: pending.map(({ record }) => ({ Put: this.conditionalPut(record) })) }),
        );
        for (const { index } of pending) results[index] = { written: true };
        pending = [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || !error.CancellationReasons) throw error;
        const reasons = error.CancellationReasons;
        const retry: typeof pending = [];
        pending.forEach((entry, i) => {
          const reason = reasons[i];
          if (reason?.Code === 'ConditionalCheckFailed') {
            results[entry.index] = { written: false, existing: existingFrom(entry.record, reason.Item) };
          } else {
            retry.push(entry); // 'None' (cancelled because of another put), a conflict or a throttle
          }
        });
        const contended = retry.length === pending.length;
        pending = retry;
        if (contended) {
          // Nothing was settled this round (conflict or throttle): back off before trying again.
          if (attempt >= MAX_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        }
      }
    }
    return results as PutResult[];
  }

  private conditionalPut(record: ImportRecord) {
    return {
      TableName: this.tableName,
      Item: {
        ...itemKey(record.orgId, record.key),
        kind: record.kind,
        namespace: record.namespace,
        jobId: record.jobId,
        rowNumber: record.rowNumber,
        data: record.data,
        ...(record.expiresAt !== undefined ? { ttl: record.expiresAt } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (jobId = :jobId AND rowNumber = :rowNumber)',
      ExpressionAttributeValues: { ':jobId': record.jobId, ':rowNumber': record.rowNumber },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  async find(orgId: string, keys: readonly string[]): Promise<Map<string, ExistingRecord>> {
    const found = new Map<string, ExistingRecord>();
    const prefix = `ORG#${orgId}#`;
    const projection = { ProjectionExpression: 'pk, jobId, rowNumber, #data', ExpressionAttributeNames: { '#data': 'data' } };
    for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
      let request: BatchGetCommandInput['RequestItems'] | undefined = {
        [this.tableName]: { Keys: keys.slice(i, i + BATCH_GET_MAX).map((key) => itemKey(orgId, key)), ...projection },
      };
      // UnprocessedKeys is a normal answer under load: ask again for those.
      for (let attempt = 0; request && attempt < 10; attempt++) {
        const response: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of response.Responses?.[this.tableName] ?? []) {
          const key = String(item.pk).slice(prefix.length);
          found.set(key, { key, jobId: String(item.jobId), rowNumber: Number(item.rowNumber), data: (item.data as Record<string, unknown>) ?? {} });
        }
        const unprocessed = response.UnprocessedKeys?.[this.tableName]?.Keys;
        request = unprocessed?.length ? { [this.tableName]: { Keys: unprocessed, ...projection } } : undefined;
        if (request) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
      if (request) throw new Error('BatchGetItem left keys unprocessed after retries');
    }
    return found;
  }
}

/** The item a failed condition returned: raw attribute values (the document client does not convert errors). */
function existingFrom(record: ImportRecord, item: Record<string, AttributeValue> | undefined): ExistingRecord {
  const old = item ? unmarshall(item) : {};
  return {
    key: record.key,
    jobId: String(old.jobId ?? ''),
    rowNumber: Number(old.rowNumber ?? 0),
    data: (old.data as Record<string, unknown> | undefined) ?? {},
  };
}
