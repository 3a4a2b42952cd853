import { PutCommand, QueryCommand, GetCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { CONTROL_TABLE, RUN_HISTORY_FILTER_ATTRIBUTES } from '../../../../lib/resources';
import type { RunHistoryQuery } from '../../../core/ports';
import type { Run } from '../../../core/runs/run';
import { itemsByKey } from '../items-by-key';
import { LEASE_DUE_AT, LEASE_SHARD, leaseShardOf } from '../lease-index';
import { pageCursor } from '../page-cursor';
import { storedName, type StoredName } from './run-item-names';
import { importJobRunKeys, runAttributes, runKey, toRun } from './run-item';
import type { RunTable } from './run-table';

// The byOrg index projects the attributes the history filters on (lib/resources.ts): a filter on an attribute it
// does not carry would match nothing. This fails to compile when a filter is added without projecting it.
type UnprojectedFilter = Exclude<StoredName<keyof RunHistoryQuery['filters']>, (typeof RUN_HISTORY_FILTER_ATTRIBUTES)[number]>;
export const EVERY_HISTORY_FILTER_IS_PROJECTED: [UnprojectedFilter] extends [never] ? true : never = true;

/** Reads of the index one history page may take when filters leave most items out, and items a read evaluates. */
const MAX_HISTORY_READS = 20;
const HISTORY_READ_ITEMS = 100;

/** The index position to resume from, opaque to clients; only this org's history's cursors are taken back. */
const cursors = pageCursor({ partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }, 'RUN#');

/** Creating a run item, reading one, and an org's run history from the byOrg index. */
export class RunStore {
  constructor(private readonly table: RunTable) {}

  async create(run: Run): Promise<void> {
    const item: Record<string, unknown> = { ...runKey(run.runId), type: 'Run', ...runAttributes(run) };
    item.gsi1pk = `ORG#${run.orgId}#RUNS`;
    item.gsi1sk = `${run.createdAt}#${run.runId}`;
    // A run an import job started is also listed under that job (its run history: ImportJobRunHistory).
    if (run.importJobId !== null) Object.assign(item, importJobRunKeys(run));
    // A presigned upload may never arrive: the sweeper looks at it once its URL has expired.
    if (run.state === 'queued' && run.control.awaitingUpload && run.control.uploadExpiresAt !== null) {
      item[LEASE_SHARD] = leaseShardOf(run.runId);
      item[LEASE_DUE_AT] = run.control.uploadExpiresAt;
    }
    await this.table.client.send(
      new PutCommand({ TableName: this.table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async get(runId: string): Promise<Run | null> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: runKey(runId), ConsistentRead: true }),
    );
    return Item ? toRun(Item) : null;
  }

  async listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }> {
    const partition = `ORG#${orgId}#RUNS`;
    let startKey = query.cursor === undefined ? undefined : cursors.decode(query.cursor, partition);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': partition };
    // gsi1sk is `<createdAt>#<jobId>`: a createdAt range is a key range, so it costs nothing to skip. A key value may
    // not be empty, so an open end is a one-sided condition rather than a BETWEEN from ''.
    let keyCondition = 'gsi1pk = :pk';
    const to = query.createdTo === undefined ? undefined : `${query.createdTo}#~`;
    if (query.createdFrom !== undefined && to !== undefined) {
      Object.assign(values, { ':from': query.createdFrom, ':to': to });
      keyCondition += ' AND gsi1sk BETWEEN :from AND :to';
    } else if (query.createdFrom !== undefined) {
      values[':from'] = query.createdFrom;
      keyCondition += ' AND gsi1sk >= :from';
    } else if (to !== undefined) {
      values[':to'] = to;
      keyCondition += ' AND gsi1sk <= :to';
    }
    const filters = Object.entries(query.filters).filter(([, value]) => value !== undefined);
    for (const [field, value] of filters) {
      names[`#${field}`] = storedName(field as keyof RunHistoryQuery['filters']);
      values[`:${field}`] = value;
    }
    const filterExpression = filters.map(([field]) => `#${field} = :${field}`).join(' AND ') || undefined;

    const items: Record<string, unknown>[] = [];
    // With filters a page of the index can hold few matches: read on, a bounded number of times.
    for (let reads = 0; reads < MAX_HISTORY_READS && items.length < query.limit; reads++) {
      const page: QueryCommandOutput = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: CONTROL_TABLE.globalIndexes[0]?.indexName,
          KeyConditionExpression: keyCondition,
          FilterExpression: filterExpression,
          ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: HISTORY_READ_ITEMS,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }
    if (items.length > query.limit) {
      // More matched than the page holds: resume right after the last one answered (an item's own keys are a
      // valid start key for the index).
      items.length = query.limit;
      const last = items[query.limit - 1] as Record<string, unknown>;
      startKey = { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk };
    }
    // The index carries keys and the filtered attributes only: the page's runs are read whole by key.
    const runs = await itemsByKey(this.table.client, this.table.tableName, items as Array<{ pk: unknown; sk: unknown }>);
    return { runs: runs.map(toRun), nextCursor: startKey ? cursors.encode(startKey) : null };
  }
}
