import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A conditional write: false when its condition failed (the item moved on, is gone or is another org's). */
export async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Deletes an org's item: false when it is gone or belongs to another org, which never loses it. */
export function deleteOrgItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, string>,
  orgId: string,
): Promise<boolean> {
  return conditionHeld(() =>
    client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: key,
        ConditionExpression: 'attribute_exists(pk) AND orgId = :org',
        ExpressionAttributeValues: { ':org': orgId },
      }),
    ),
  );
}
