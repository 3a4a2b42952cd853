import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoIdempotencyStore } from '../../../functions/adapters/dynamodb/idempotency-store';
import { DynamoImportJobRepository } from '../../../functions/adapters/dynamodb/import-job-repository';
import { DynamoImportJobRuns } from '../../../functions/adapters/dynamodb/import-job-runs';
import { DynamoMappingRepository } from '../../../functions/adapters/dynamodb/mapping-repository';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import { describeIdempotencyStoreContract } from '../../support/contracts/idempotency-store.contract';
import { describeImportJobRepositoryContract, describeImportJobRunHistoryContract } from '../../support/contracts/import-job-repository.contract';
import { describeMappingRepositoryContract } from '../../support/contracts/mapping-repository.contract';

// The same suites run over the in-memory fakes in test/unit/fakes/stores.contract.test.ts.
const dynamo = createAwsClients().dynamo;
const table = process.env.CONTROL_TABLE_NAME as string;

describeIdempotencyStoreContract('DynamoIdempotencyStore (DynamoDB Local)', () => new DynamoIdempotencyStore(dynamo, table));
describeImportJobRepositoryContract('DynamoImportJobRepository (DynamoDB Local)', () => new DynamoImportJobRepository(dynamo, table));
describeImportJobRunHistoryContract('DynamoImportJobRuns (DynamoDB Local)', () => ({
  runs: new DynamoRunRepository(dynamo, table),
  history: new DynamoImportJobRuns(dynamo, table),
}));
describeMappingRepositoryContract('DynamoMappingRepository (DynamoDB Local)', () => new DynamoMappingRepository(dynamo, table));
