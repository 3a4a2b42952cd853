import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { IdempotencyClaim, IdempotencyStore } from '../../core/ports';
import { digestOf } from '../../core/use-cases/idempotency';

/** A client's key can be 255 characters of anything printable: the item key holds its digest instead. */
const claimKey = (orgId: string, key: string) => ({ pk: `IDEMPOTENCY#${orgId}#${digestOf(Buffer.from(key))}`, sk: 'IDEMPOTENCY' });

/**
 * Idempotency-Key claims in the control table. The claim is one conditional put: the key must be free, or its
 * claim lapsed (TTL deletes items late, so expiry is checked here too). A held key comes back with the claim.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(claim: IdempotencyClaim): Promise<{ claimed: true } | { claimed: false; fingerprint: string; jobId: string }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...claimKey(claim.orgId, claim.key),
            type: 'IdempotencyClaim',
            fingerprint: claim.fingerprint,
            jobId: claim.jobId,
            ttl: claim.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': claim.now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const held = unmarshall(error.Item);
      return { claimed: false, fingerprint: String(held.fingerprint), jobId: String(held.jobId) };
    }
  }

  async release(orgId: string, key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: claimKey(orgId, key) }));
  }
}
