import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrgRecipientsStore } from '../../core/notifications/recipients';

const recipientsKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'DEFAULT_RECIPIENTS' });

/** An org's default recipients, one item in the control table. */
export class DynamoOrgRecipients implements OrgRecipientsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async forOrg(orgId: string): Promise<readonly string[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: recipientsKey(orgId) }));
    return Array.isArray(Item?.emails) ? (Item.emails as string[]) : [];
  }

  async setForOrg(orgId: string, emails: readonly string[], at: string): Promise<void> {
    if (emails.length === 0) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: recipientsKey(orgId) }));
      return;
    }
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...recipientsKey(orgId), type: 'OrgDefaultRecipients', orgId, emails: [...emails], updatedAt: at },
      }),
    );
  }
}
