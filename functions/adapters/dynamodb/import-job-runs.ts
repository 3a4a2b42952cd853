import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { CONTROL_TABLE } from '../../../lib/resources';
import type { ImportJobRunHistory } from '../../core/import-jobs/ports';
import type { Run } from '../../core/runs/run';
import { importJobRunKeys, toRun } from './runs/run-item';
import { pageCursor } from './page-cursor';
import { itemsByKey } from './items-by-key';

const BY_IMPORT_JOB = CONTROL_TABLE.globalIndexes.find((index) => index.indexName === 'byImportJob');

/**
 * The runs of one import job, newest first, through the `byImportJob` index that DynamoRunRepository.create fills
 * for runs with an importJobId: one Query a page, whatever the org's history holds.
 */
export class DynamoImportJobRuns implements ImportJobRunHistory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    if (!BY_IMPORT_JOB) throw new Error('the control table has no byImportJob index');
  }

  async listByImportJob(
    orgId: string,
    importJobId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ runs: Run[]; nextCursor: string | null }> {
    const index = BY_IMPORT_JOB as NonNullable<typeof BY_IMPORT_JOB>;
    const partition = importJobRunKeys({ orgId, importJobId, createdAt: '', runId: '' }).gsi2pk;
    // One more than asked tells whether a next page exists, so the last page answers a null cursor.
    const { Items = [] }: QueryCommandOutput = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: `${index.partitionKey.name} = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ExclusiveStartKey: page.cursor === undefined ? undefined : cursors.decode(page.cursor, partition),
      }),
    );
    const shown = Items.slice(0, page.limit);
    const last = shown[shown.length - 1];
    const nextCursor =
      Items.length > page.limit && last ? cursors.encode({ pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk }) : null;
    // The index is keys only (a counter update of a run writes no index): the page's runs are read by key.
    const runs = await itemsByKey(this.client, this.tableName, shown as Array<{ pk: unknown; sk: unknown }>);
    return { runs: runs.map(toRun), nextCursor };
  }
}

const cursors = pageCursor({ partitionKey: 'gsi2pk', sortKey: 'gsi2sk' }, 'RUN#');
