import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRepository } from '../../core/ports';
import type { StoredApiKey } from '../../core/auth/api-key';
import type { Scope } from '../../core/kinds';

/** API keys in the control table, one item per key under the hash of its secret. */
export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(key: StoredApiKey): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `APIKEY#${key.keyHash}`, sk: 'APIKEY', type: 'ApiKey', ...key, scopes: [...key.scopes] },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async findByHash(keyHash: string): Promise<StoredApiKey | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `APIKEY#${keyHash}`, sk: 'APIKEY' } }),
    );
    if (!Item) return null;
    return {
      keyHash: Item.keyHash as string,
      keyId: Item.keyId as string,
      orgId: Item.orgId as string,
      scopes: Item.scopes as Scope[],
      name: Item.name as string | undefined,
      createdAt: Item.createdAt as string,
      expiresAt: Item.expiresAt as string | undefined,
      revokedAt: Item.revokedAt as string | undefined,
    };
  }

  /** Marks a key revoked; false when there is no such key. */
  async revoke(keyHash: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `APIKEY#${keyHash}`, sk: 'APIKEY' },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
