import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRepository } from '../../core/ports';
import { z } from 'zod';
import type { StoredApiKey } from '../../core/auth/api-key';
import { SCOPES, type Scope } from '../../core/kinds';

const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/**
 * A key item as stored, without its hash (the listing does not read it back). A scope this version does not know
 * grants nothing, so it is dropped rather than failing every request made with the key.
 */
const KeyItem = z.object({
  keyId: z.string(),
  orgId: z.string(),
  scopes: z.array(z.string()).transform((scopes) => scopes.filter(isScope)),
  name: z.string().optional(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
});

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
    return { keyHash: z.string().parse(Item.keyHash), ...KeyItem.parse(Item) };
  }

  /**
   * Marks a key revoked: null when there is no such key, else when it was revoked and whether it already was
   * (a second revoke keeps the first time).
   */
  async revoke(keyHash: string, at: string): Promise<{ revokedAt: string; alreadyRevoked: boolean } | null> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `APIKEY#${keyHash}`, sk: 'APIKEY' },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = Attributes?.revokedAt as string | undefined;
      return { revokedAt: before ?? at, alreadyRevoked: before !== undefined };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /**
   * Every key (of one org, if given), without its hash, for the operators' `keys list`. A scan of the control
   * table: keys have no index of their own (the ones written before this listing existed could not be in one), and
   * the command is an operator's, run rarely; the projection and the filter keep what it reads back small.
   */
  async list(orgId?: string): Promise<Array<Omit<StoredApiKey, 'keyHash'>>> {
    const keys: Array<Omit<StoredApiKey, 'keyHash'>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: orgId === undefined ? 'sk = :sk' : 'sk = :sk AND orgId = :org',
          ProjectionExpression: 'keyId, orgId, scopes, #name, createdAt, expiresAt, revokedAt',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':sk': 'APIKEY', ...(orgId === undefined ? {} : { ':org': orgId }) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) keys.push(KeyItem.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return keys.sort((a, b) => a.orgId.localeCompare(b.orgId) || a.createdAt.localeCompare(b.createdAt));
  }
}
