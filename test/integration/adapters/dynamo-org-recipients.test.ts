import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoOrgRecipients } from '../../../functions/adapters/dynamodb/org-recipients';

const recipients = new DynamoOrgRecipients(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);

describe('Class: DynamoOrgRecipients (DynamoDB Local)', () => {
  it('keeps one list per org, replaces it, and clears it with an empty list', async () => {
    const org = `org-${randomUUID()}`;
    const other = `org-${randomUUID()}`;
    expect(await recipients.forOrg(org)).toEqual([]);

    await recipients.setForOrg(org, ['a@example.com', 'b@example.com'], '2026-11-25T10:00:00.000Z');
    await recipients.setForOrg(other, ['c@example.com'], '2026-11-25T10:00:00.000Z');
    expect(await recipients.forOrg(org)).toEqual(['a@example.com', 'b@example.com']);

    await recipients.setForOrg(org, ['d@example.com'], '2026-11-25T11:00:00.000Z');
    expect(await recipients.forOrg(org)).toEqual(['d@example.com']);
    expect(await recipients.forOrg(other)).toEqual(['c@example.com']);

    await recipients.setForOrg(org, [], '2026-11-25T12:00:00.000Z');
    expect(await recipients.forOrg(org)).toEqual([]);
    expect(await recipients.forOrg(other)).toEqual(['c@example.com']);
  });
});
