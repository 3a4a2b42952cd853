import { InMemoryQuotas } from '../../support/fake-quotas';
import { describeQuotaStoreContract } from '../../support/contracts/quota-store.contract';

// The same suite runs over DynamoQuotaStore in test/integration/adapters/dynamo-quota-store.contract.test.ts.
describeQuotaStoreContract('InMemoryQuotas', () => new InMemoryQuotas());
