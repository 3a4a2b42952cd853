import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RecordStore } from '../../core/ports';
import type { ExistingRecord, ImportRecord } from '../../core/records/record';
import { mapWithConcurrency } from '../concurrency';

const SORT_KEY = 'RECORD';
const BATCH_GET_MAX = 100;

/** The item key of a record: the org comes first, so no two orgs can ever share (or read) a record. */
const itemKey = (orgId: string, key: string) => ({ pk: `ORG#${orgId}#${key}`, sk: SORT_KEY });

/**
 * Imported records, one item each, written with a conditional put: the key must be free, or hold this very row
 * of this very run (a replayed chunk). When the key is taken, DynamoDB hands back the item that holds it, so
 * one round trip both writes and classifies the duplicate.
 */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly concurrency = 16,
  ) {}

  putNew(records: readonly ImportRecord[]): Promise<Array<{ written: true } | { written: false; existing: ExistingRecord }>> {
    return mapWithConcurrency(records, this.concurrency, (record) => this.putOne(record));
  }

  private async putOne(record: ImportRecord): Promise<{ written: true } | { written: false; existing: ExistingRecord }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey(record.orgId, record.key),
            kind: record.kind,
            namespace: record.namespace,
            jobId: record.jobId,
            rowNumber: record.rowNumber,
            data: record.data,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (jobId = :jobId AND rowNumber = :rowNumber)',
          ExpressionAttributeValues: { ':jobId': record.jobId, ':rowNumber': record.rowNumber },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item ? unmarshall(error.Item) : {};
      return {
        written: false,
        existing: {
          key: record.key,
          jobId: String(old.jobId ?? ''),
          rowNumber: Number(old.rowNumber ?? 0),
          data: (old.data as Record<string, unknown> | undefined) ?? {},
        },
      };
    }
  }

  async existing(orgId: string, keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const prefix = `ORG#${orgId}#`;
    for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }> | undefined = {
        [this.tableName]: {
          Keys: keys.slice(i, i + BATCH_GET_MAX).map((key) => itemKey(orgId, key)),
          ProjectionExpression: 'pk',
        },
      };
      // UnprocessedKeys is a normal answer under load: ask again for those.
      for (let attempt = 0; request && attempt < 10; attempt++) {
        const response: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of response.Responses?.[this.tableName] ?? []) found.add(String(item.pk).slice(prefix.length));
        const unprocessed: { Keys?: Record<string, unknown>[] } | undefined = response.UnprocessedKeys?.[this.tableName];
        request = unprocessed?.Keys?.length
          ? { [this.tableName]: { Keys: unprocessed.Keys, ProjectionExpression: 'pk' } }
          : undefined;
        if (request) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
      if (request) throw new Error('BatchGetItem left keys unprocessed after retries');
    }
    return found;
  }
}
