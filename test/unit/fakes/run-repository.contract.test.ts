import { InMemoryRuns } from '../../support/fakes';
import { describeRunRepositoryContract } from '../../support/contracts/run-repository.contract';

// The same suite runs over DynamoRunRepository in test/integration/adapters/dynamo-run-repository.contract.test.ts.
describeRunRepositoryContract('InMemoryRuns', () => new InMemoryRuns());
