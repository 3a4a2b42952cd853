import { InMemoryIdempotency, InMemoryImportJobs, InMemoryMappings, InMemoryRuns } from '../../support/fakes';
import { InMemoryImportJobRuns } from '../../support/import-job-fakes';
import { describeIdempotencyStoreContract } from '../../support/contracts/idempotency-store.contract';
import { describeImportJobRepositoryContract, describeImportJobRunHistoryContract } from '../../support/contracts/import-job-repository.contract';
import { describeMappingRepositoryContract } from '../../support/contracts/mapping-repository.contract';

// The same suites run over the DynamoDB adapters in test/integration/adapters/dynamo-stores.contract.test.ts.
describeIdempotencyStoreContract('InMemoryIdempotency', () => new InMemoryIdempotency());
describeImportJobRepositoryContract('InMemoryImportJobs', () => new InMemoryImportJobs());
describeImportJobRunHistoryContract('InMemoryImportJobRuns', () => {
  const runs = new InMemoryRuns();
  return { runs, history: new InMemoryImportJobRuns(runs) };
});
describeMappingRepositoryContract('InMemoryMappings', () => new InMemoryMappings());
