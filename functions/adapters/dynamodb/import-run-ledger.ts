import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ImportRunLedger, SourceFileClaim, TriggerClaim } from '../../core/import-jobs/run-ledger';

/** One partition per import job: its claimed firings and its imported files. Apart from the job's own item. */
const ledgerPk = (importJobId: string) => `IMPORTJOB_LEDGER#${importJobId}`;

/**
 * The import-run ledger in the control table: each claim is one conditional put, so of two racing callers
 * exactly one wins, and the loser learns who holds the claim.
 */
export class DynamoImportRunLedger implements ImportRunLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimTrigger(claim: TriggerClaim): Promise<{ claimed: true } | { claimed: false; runId: string; settled: boolean }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: ledgerPk(claim.importJobId), sk: `TRIGGER#${claim.key}`, type: 'TriggerClaim', jobId: claim.runId, ttl: claim.expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const held = unmarshall(error.Item);
      return { claimed: false, runId: String(held.jobId), settled: held.settled === true };
    }
  }

  async settleTrigger(importJobId: string, key: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: ledgerPk(importJobId), sk: `TRIGGER#${key}` },
        UpdateExpression: 'SET settled = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  async claimFile(claim: SourceFileClaim): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: ledgerPk(claim.importJobId),
            sk: `FILE#${claim.eTag}`,
            type: 'SourceFileClaim',
            jobId: claim.runId,
            key: claim.key,
            claimedAt: claim.at,
          },
          // Free, or already this run's (a run resumed after a crash claims its files again).
          ConditionExpression: 'attribute_not_exists(pk) OR jobId = :jobId',
          ExpressionAttributeValues: { ':jobId': claim.runId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseFiles(importJobId: string, runId: string, eTags: readonly string[]): Promise<void> {
    for (const eTag of eTags) {
      try {
        await this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: ledgerPk(importJobId), sk: `FILE#${eTag}` },
            // Only this run's claim: a later run may hold the file by now.
            ConditionExpression: 'jobId = :jobId',
            ExpressionAttributeValues: { ':jobId': runId },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
}
