import { InMemoryRuns } from '../../support/fakes';
import { InMemoryLeases, InMemoryUploadWindows } from '../../support/lease-fakes';
import { describeLeaseRepositoryContract } from '../../support/contracts/lease-repository.contract';

// The same suite runs over the DynamoDB adapters in test/integration/adapters/dynamo-lease-repository.contract.test.ts.
describeLeaseRepositoryContract('InMemoryLeases over InMemoryRuns', () => {
  const runs = new InMemoryRuns();
  return { runs, leases: new InMemoryLeases(runs), uploadWindows: new InMemoryUploadWindows(runs) };
});
