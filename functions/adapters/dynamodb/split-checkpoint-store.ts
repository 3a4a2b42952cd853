import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SplitCheckpoint, SplitCheckpointStore } from '../../core/splitting/ports';

const checkpointKey = (runId: string, fileIndex: number) => ({ pk: `RUN#${runId}`, sk: `SPLIT#${fileIndex}` });

/**
 * Split checkpoints in the control table, one item per file beside its run (`RUN#<jobId>` / `SPLIT#<fileIndex>`).
 * `invocations` grows by one with every write, so it serves as the version a write is conditional on:
 *
 *   none ──put if absent──▶ v1 ──put if v1──▶ v2 … ──put if vN──▶ done
 *
 * Two invocations resuming from the same checkpoint cannot both move it: the second write fails its condition.
 */
export class DynamoSplitCheckpointStore implements SplitCheckpointStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(runId: string, fileIndex: number): Promise<SplitCheckpoint | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: checkpointKey(runId, fileIndex), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      runId,
      fileIndex,
      rows: Number(Item.rows),
      chunks: Number(Item.chunks),
      invocations: Number(Item.invocations),
      done: Item.done === true,
    };
  }

  async save(previous: SplitCheckpoint | null, next: SplitCheckpoint): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...checkpointKey(next.runId, next.fileIndex),
            type: 'SplitCheckpoint',
            rows: next.rows,
            chunks: next.chunks,
            // The same number as chunks, named for what a resumed split does with it.
            nextChunkSequence: next.chunks,
            invocations: next.invocations,
            done: next.done,
          },
          ...(previous === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'invocations = :previous AND done = :false',
                ExpressionAttributeValues: { ':previous': previous.invocations, ':false': false },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
