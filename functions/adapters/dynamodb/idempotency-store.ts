import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { IdempotencyClaim, IdempotencyClaimResult, IdempotencyStore } from '../../core/ports';
import { digestOf } from '../../core/digest';

/** A client's key can be 255 characters of anything printable: the item key holds its digest instead. */
const claimKey = (orgId: string, key: string) => ({ pk: `IDEMPOTENCY#${orgId}#${digestOf(Buffer.from(key))}`, sk: 'IDEMPOTENCY' });

/**
 * Idempotency-Key claims in the control table, one item a key:
 *
 *   claim:    put { status: IN_PROGRESS, jobId, fingerprint, inProgressUntil, ttl }
 *             if no item, or its ttl passed (TTL deletes late), or it is IN_PROGRESS past inProgressUntil
 *   complete: status := COMPLETED, jobId := the job that exists     if jobId = the claimant's and still IN_PROGRESS
 *   release:  delete                                                if jobId = the claimant's
 *
 * The conditions on the claimant's jobId keep a slow request that was taken over from completing or releasing
 * the claim of the request that took over. A claim written before claims had a status counts as COMPLETED.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(claim: IdempotencyClaim): Promise<IdempotencyClaimResult> {
    try {
      const { Attributes: previous } = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...claimKey(claim.orgId, claim.key),
            type: 'IdempotencyClaim',
            status: 'IN_PROGRESS',
            fingerprint: claim.fingerprint,
            jobId: claim.runId,
            inProgressUntil: claim.inProgressUntil,
            ttl: claim.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now OR (#status = :inProgress AND inProgressUntil <= :now)',
          ExpressionAttributeNames: { '#ttl': 'ttl', '#status': 'status' },
          ExpressionAttributeValues: { ':now': claim.now, ':inProgress': 'IN_PROGRESS' },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const tookOver = previous && previous.status === 'IN_PROGRESS' && Number(previous.ttl) > claim.now;
      return tookOver ? { claimed: true, tookOver: { runId: String(previous.jobId), fingerprint: String(previous.fingerprint) } } : { claimed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const held = unmarshall(error.Item);
      return {
        claimed: false,
        status: held.status === 'IN_PROGRESS' ? 'IN_PROGRESS' : 'COMPLETED',
        fingerprint: String(held.fingerprint),
        runId: String(held.jobId),
      };
    }
  }

  async complete(done: { orgId: string; key: string; claimedAs: string; runId: string; fingerprint: string }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: claimKey(done.orgId, done.key),
          UpdateExpression: 'SET #status = :completed, jobId = :jobId, fingerprint = :fingerprint REMOVE inProgressUntil',
          ConditionExpression: 'jobId = :claimedAs AND #status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':completed': 'COMPLETED',
            ':inProgress': 'IN_PROGRESS',
            ':jobId': done.runId,
            ':fingerprint': done.fingerprint,
            ':claimedAs': done.claimedAs,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(orgId: string, key: string, claimedAs: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: claimKey(orgId, key),
          ConditionExpression: 'jobId = :claimedAs',
          ExpressionAttributeValues: { ':claimedAs': claimedAs },
        }),
      );
    } catch (error) {
      // Taken over meanwhile (or gone): the key is not ours to give back.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
