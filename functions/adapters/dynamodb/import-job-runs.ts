import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CONTROL_TABLE } from '../../../lib/resources';
import { DomainError } from '../../core/errors';
import type { ImportJobRunHistory } from '../../core/import-jobs/ports';
import type { Run } from '../../core/runs/run';
import { importJobRunKeys, toRun } from './run-repository';

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
    const partition = importJobRunKeys({ orgId, importJobId, createdAt: '', jobId: '' }).gsi2pk;
    // One more than asked tells whether a next page exists, so the last page answers a null cursor.
    const { Items = [] }: QueryCommandOutput = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: `${index.partitionKey.name} = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ExclusiveStartKey: page.cursor === undefined ? undefined : decodeCursor(page.cursor, partition),
      }),
    );
    const shown = Items.slice(0, page.limit);
    const last = shown[shown.length - 1];
    const nextCursor =
      Items.length > page.limit && last ? encodeCursor({ pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk }) : null;
    return { runs: shown.map(toRun), nextCursor };
  }
}

const CursorKey = z.object({ pk: z.string(), sk: z.string(), gsi2pk: z.string(), gsi2sk: z.string() }).strict();

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Only a cursor this job's history gave out: another job's, another org's or a forged one is refused. */
function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = CursorKey.safeParse(key);
  if (!parsed.success || parsed.data.gsi2pk !== partition || !parsed.data.pk.startsWith('RUN#')) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid cursor: pass nextCursor from a previous page unchanged');
  }
  return parsed.data;
}
