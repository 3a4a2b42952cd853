import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoLeaseRepository } from '../../../functions/adapters/dynamodb/lease-repository';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import { DynamoUploadWindows } from '../../../functions/adapters/dynamodb/upload-windows';
import { describeLeaseRepositoryContract } from '../../support/contracts/lease-repository.contract';

// The same suite runs over the in-memory fakes in test/unit/fakes/lease-repository.contract.test.ts.
jest.setTimeout(60_000);
const dynamo = createAwsClients().dynamo;
const table = process.env.CONTROL_TABLE_NAME as string;
describeLeaseRepositoryContract('DynamoLeaseRepository over DynamoRunRepository (DynamoDB Local)', () => ({
  runs: new DynamoRunRepository(dynamo, table),
  leases: new DynamoLeaseRepository(dynamo, table),
  uploadWindows: new DynamoUploadWindows(dynamo, table),
}));
