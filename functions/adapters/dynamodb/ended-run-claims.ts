import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, EndedRunClaims } from '../../core/ports';

/** A partition of its own: nothing that reads a run's partition (`RUN#…`) meets these items. */
const claimKey = (runId: string) => ({ pk: `RUN_ENDED#${runId}`, sk: 'RUN_ENDED' });

/**
 * A stream record lives 24 hours, so no redelivery comes later than that; the claim is kept a week and then
 * swept by the table's TTL.
 */
const CLAIM_DAYS = 7;

/** Ended runs claimed in the control table: one conditional put per run, so exactly one caller wins. */
export class DynamoEndedRunClaims implements EndedRunClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async claim(runId: string): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...claimKey(runId), type: 'EndedRunClaim', jobId: runId, claimedAt: now.toISOString(), ttl: Math.floor(now.getTime() / 1000) + CLAIM_DAYS * 86_400 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
