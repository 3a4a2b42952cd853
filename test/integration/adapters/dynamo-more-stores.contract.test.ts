import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoApiKeyRepository } from '../../../functions/adapters/dynamodb/api-key-repository';
import { DynamoImportRunLedger } from '../../../functions/adapters/dynamodb/import-run-ledger';
import { DynamoOrgRecipients } from '../../../functions/adapters/dynamodb/org-recipients';
import { DynamoRecordStore } from '../../../functions/adapters/dynamodb/record-store';
import { DynamoSplitCheckpointStore } from '../../../functions/adapters/dynamodb/split-checkpoint-store';
import { describeImportRunLedgerContract } from '../../support/contracts/import-run-ledger.contract';
import { describeRecordStoreContract } from '../../support/contracts/record-store.contract';
import { describeApiKeyRepositoryContract, describeOrgRecipientsContract } from '../../support/contracts/small-stores.contract';
import { describeSplitCheckpointStoreContract } from '../../support/contracts/split-checkpoint-store.contract';

// The same suites run over the in-memory fakes in test/unit/fakes/more-stores.contract.test.ts.
const dynamo = createAwsClients().dynamo;
const control = process.env.CONTROL_TABLE_NAME as string;

describeImportRunLedgerContract('DynamoImportRunLedger (DynamoDB Local)', () => new DynamoImportRunLedger(dynamo, control));
describeSplitCheckpointStoreContract('DynamoSplitCheckpointStore (DynamoDB Local)', () => new DynamoSplitCheckpointStore(dynamo, control));
describeRecordStoreContract('DynamoRecordStore (DynamoDB Local)', () => new DynamoRecordStore(dynamo, process.env.RECORDS_TABLE_NAME as string));
describeApiKeyRepositoryContract('DynamoApiKeyRepository (DynamoDB Local)', () => new DynamoApiKeyRepository(dynamo, control));
describeOrgRecipientsContract('DynamoOrgRecipients (DynamoDB Local)', () => new DynamoOrgRecipients(dynamo, control));

describe('DynamoApiKeyRepository: the stored item is parsed, not cast', () => {
  const keys = new DynamoApiKeyRepository(dynamo, control);

  it('drops a scope this version does not know (it grants nothing) and keeps the rest, when found and when listed', async () => {
    // Arrange: an item as an older or newer version of the service could have written it
    const keyHash = `hash-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const orgId = `org-${keyHash}`;
    await dynamo.send(
      new PutCommand({
        TableName: control,
        Item: {
          pk: `APIKEY#${keyHash}`,
          sk: 'APIKEY',
          type: 'ApiKey',
          keyHash,
          keyId: 'key-1',
          orgId,
          scopes: ['transactions:create', 'reports:everything'],
          createdAt: '2026-12-01T00:00:00.000Z',
        },
      }),
    );
    // Act
    const found = await keys.findByHash(keyHash);
    const listed = await keys.list(orgId);
    // Assert
    expect(found).toEqual({ keyHash, keyId: 'key-1', orgId, scopes: ['transactions:create'], createdAt: '2026-12-01T00:00:00.000Z' });
    expect(listed).toEqual([{ keyId: 'key-1', orgId, scopes: ['transactions:create'], createdAt: '2026-12-01T00:00:00.000Z' }]);
  });

  it('refuses an item that lacks what every key has, rather than answering with half a key', async () => {
    const keyHash = `broken-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await dynamo.send(new PutCommand({ TableName: control, Item: { pk: `APIKEY#${keyHash}`, sk: 'APIKEY', keyHash, scopes: [] } }));
    await expect(keys.findByHash(keyHash)).rejects.toThrow(/orgId/);
  });
});
