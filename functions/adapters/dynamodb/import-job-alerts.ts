import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INITIAL_ALERT_STATE, type AlertState } from '../../core/notifications/alert-policy';
import type { AlertStateStore } from '../../core/notifications/ports';
import { conditionHeld } from './org-item-writes';

/**
 * Each import job's alert state, in the control table beside the job, in the job's own item collection
 * (`IMPORTJOB#<id>`, sort key `ALERTS`). It is an item of its own rather than attributes of the job's item because
 * the job is replaced whole (a conditional put) by every status change and edit: a stale replace would otherwise
 * undo an alert decision. The job repository deletes it with the job.
 */
export const alertStateKey = (importJobId: string) => ({ pk: `IMPORTJOB#${importJobId}`, sk: 'ALERTS' });

export class DynamoImportJobAlerts implements AlertStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(importJobId: string): Promise<AlertState> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: alertStateKey(importJobId), ConsistentRead: true }));
    if (!Item) return INITIAL_ALERT_STATE;
    return {
      signature: typeof Item.signature === 'string' ? Item.signature : null,
      jobHalted: Item.jobHalted === true,
      decidedRunIds: Array.isArray(Item.decidedRunIds) ? (Item.decidedRunIds as string[]) : [],
      version: typeof Item.version === 'number' ? Item.version : 0,
    };
  }

  async put(importJobId: string, next: AlertState, expectedVersion: number): Promise<boolean> {
    // Version 0 is "nothing stored": only the first writer creates the item; later ones must name the version read.
    const condition = expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected';
    return conditionHeld(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertStateKey(importJobId),
          UpdateExpression: 'SET #type = :type, signature = :signature, jobHalted = :jobHalted, decidedRunIds = :runs, version = :version',
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'ImportJobAlerts',
            ':signature': next.signature,
            ':jobHalted': next.jobHalted,
            ':runs': [...next.decidedRunIds],
            ':version': next.version,
            ...(expectedVersion === 0 ? {} : { ':expected': expectedVersion }),
          },
        }),
      ),
    );
  }
}
