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
