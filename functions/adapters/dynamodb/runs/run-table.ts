import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionHeld } from '../org-item-writes';
import { withTransactionRetries } from '../transaction-retry';
import { runKey } from './run-item';

/** An update of the run item, without its table and key (the run's id names them). */
export type RunUpdate = Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>;

/** The writes every part of the run repository makes on a run item: the client and table they share. */
export class RunTable {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** An update whose failed condition is an expected answer (someone else got there first), not an error. */
  update(runId: string, update: RunUpdate): Promise<boolean> {
    return conditionHeld(() => this.client.send(new UpdateCommand({ TableName: this.tableName, Key: runKey(runId), ...update })));
  }

  /**
   * Writes a marker item (`sk`, under the run's partition) and applies an update to the run in one transaction,
   * unless the marker exists: the same recording twice adds nothing the second time. Answers `already_recorded`
   * when the marker was there, `run_condition_failed` when the update's own condition failed (the run is there:
   * `attribute_exists(pk)` is added to every condition).
   */
  async once(
    runId: string,
    sk: string,
    marker: Record<string, unknown>,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown>; ConditionExpression?: string },
  ): Promise<'recorded' | 'already_recorded' | 'run_condition_failed'> {
    const { ConditionExpression: condition, ...rest } = update;
    try {
      // Throttled or conflicting transactions are retried here: the SDK leaves cancellations to the caller.
      await withTransactionRetries(() =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: { pk: `RUN#${runId}`, sk, ...marker }, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Update: {
                  TableName: this.tableName,
                  Key: runKey(runId),
                  ConditionExpression: condition ? `attribute_exists(pk) AND (${condition})` : 'attribute_exists(pk)',
                  ...rest,
                },
              },
            ],
          }),
        ),
      );
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [markerReason, runReason] = error.CancellationReasons ?? [];
      if (markerReason?.Code === 'ConditionalCheckFailed') return 'already_recorded';
      if (runReason?.Code === 'ConditionalCheckFailed') return 'run_condition_failed';
      throw error;
    }
  }
}
