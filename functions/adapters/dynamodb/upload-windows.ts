import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UploadWindows } from '../../core/leases/ports';
import { LEASE_DUE_AT } from './lease-index';

/** A waiting presigned upload's deadline, on its run item and in the lease index. */
export class DynamoUploadWindows implements UploadWindows {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async extend(runId: string, expiresAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RUN#${runId}`, sk: 'RUN' },
          UpdateExpression: 'SET metadata.uploadExpiresAt = :expires, #due = :expires',
          // Only later, and only while the run still waits: a run that started or ended keeps its own state.
          ConditionExpression: '#status = :queued AND metadata.awaitingUpload = :true AND metadata.uploadExpiresAt < :expires',
          ExpressionAttributeNames: { '#status': 'status', '#due': LEASE_DUE_AT },
          ExpressionAttributeValues: { ':expires': expiresAt, ':queued': 'queued', ':true': true },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
