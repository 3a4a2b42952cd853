import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoQuotaStore } from '../../../functions/adapters/dynamodb/quota-store';
import { describeQuotaStoreContract } from '../../support/contracts/quota-store.contract';

// The same suite runs over the in-memory fake in test/unit/fakes/quota-store.contract.test.ts.
jest.setTimeout(60_000);
const quotas = new DynamoQuotaStore(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);
describeQuotaStoreContract('DynamoQuotaStore (DynamoDB Local)', () => quotas);
