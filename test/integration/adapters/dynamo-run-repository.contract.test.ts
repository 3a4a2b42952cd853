import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import { describeRunRepositoryContract } from '../../support/contracts/run-repository.contract';

// The same suite runs over the in-memory fake in test/unit/fakes/run-repository.contract.test.ts.
const runs = new DynamoRunRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);
describeRunRepositoryContract('DynamoRunRepository (DynamoDB Local)', () => runs);
