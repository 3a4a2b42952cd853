import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { CONTROL_TABLE } from '../../../lib/resources';
import type { ImportJob, ImportJobStatus } from '../../core/import-jobs/import-job';
import type { ImportJobRepository } from '../../core/import-jobs/ports';
import { alertStateKey } from './import-job-alerts';
import { pageCursor } from './page-cursor';
import { itemsByKey } from './items-by-key';
import { conditionHeld, deleteOrgItem } from './org-item-writes';

const importJobKey = (id: string) => ({ pk: `IMPORTJOB#${id}`, sk: 'IMPORTJOB' });
const orgPartition = (orgId: string) => `ORG#${orgId}#IMPORTJOBS`;
const BY_ORG_INDEX = (CONTROL_TABLE.globalIndexes[0] as { indexName: string }).indexName;

/** Every field of the model is stored as an attribute of the same name. */
const JOB_FIELDS = [
  'id', 'orgId', 'status', 'name', 'kind', 'namespace', 'mappingId', 'columnMapping', 'format', 'source', 'schedule',
  'notifications', 'statusReason', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof ImportJob)[];

/**
 * Import jobs in the control table, one item each under `IMPORTJOB#<id>` (a lookup is one GetItem). The `byOrg`
 * index, under a partition of their own (`ORG#<org>#IMPORTJOBS`), lists one org's jobs newest first. Status moves
 * are conditional puts on the status read, so of two racing moves exactly one lands.
 */
export class DynamoImportJobRepository implements ImportJobRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: ImportJob): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(job), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async get(orgId: string, id: string): Promise<ImportJob | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: importJobKey(id), ConsistentRead: true }),
    );
    // Another org's job does not exist for this org.
    return Item && Item.orgId === orgId ? fromItem(Item) : null;
  }

  async listByOrg(orgId: string, page: { limit: number; cursor?: string }): Promise<{ importJobs: ImportJob[]; nextCursor: string | null }> {
    const partition = orgPartition(orgId);
    // One more than asked: whether it comes back says whether there is a next page, so the last page says null.
    const { Items = [] }: QueryCommandOutput = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: BY_ORG_INDEX,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ExclusiveStartKey: page.cursor === undefined ? undefined : cursors.decode(page.cursor, partition),
      }),
    );
    const shown = Items.slice(0, page.limit);
    const last = shown[shown.length - 1];
    const nextCursor = Items.length > page.limit && last ? cursors.encode({ pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }) : null;
    // The org index carries keys (and the run history's filter attributes) only: read the page's jobs by key.
    const jobs = await itemsByKey(this.client, this.tableName, shown as Array<{ pk: unknown; sk: unknown }>);
    return { importJobs: jobs.map(fromItem), nextCursor };
  }

  async replace(job: ImportJob, expectedStatuses: readonly ImportJobStatus[]): Promise<boolean> {
    if (expectedStatuses.length === 0) return false;
    const statuses = Object.fromEntries(expectedStatuses.map((status, i) => [`:s${i}`, status]));
    return conditionHeld(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(job),
          // The org condition keeps a write from ever landing on another org's job, whatever the caller checked.
          ConditionExpression: `attribute_exists(pk) AND orgId = :org AND #status IN (${Object.keys(statuses).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':org': job.orgId, ...statuses },
        }),
      ),
    );
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const deleted = await deleteOrgItem(this.client, this.tableName, importJobKey(id), orgId);
    // Its alert state (import-job-alerts.ts) goes with it.
    if (deleted) await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: alertStateKey(id) }));
    return deleted;
  }
}

function toItem(job: ImportJob): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...importJobKey(job.id),
    type: 'ImportJob',
    gsi1pk: orgPartition(job.orgId),
    gsi1sk: `${job.createdAt}#${job.id}`,
  };
  for (const field of JOB_FIELDS) item[field] = job[field];
  return item;
}

function fromItem(item: Record<string, unknown>): ImportJob {
  const job: Record<string, unknown> = {};
  for (const field of JOB_FIELDS) job[field] = item[field] ?? null;
  return job as unknown as ImportJob;
}

const cursors = pageCursor({ partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }, 'IMPORTJOB#');
