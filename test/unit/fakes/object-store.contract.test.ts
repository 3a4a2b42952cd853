import { InMemoryObjects } from '../../support/fakes';
import { describeObjectStoreContract } from '../../support/contracts/object-store.contract';

// The same suite runs over S3ObjectStore in test/integration/adapters/s3-object-store.contract.test.ts.
describeObjectStoreContract('InMemoryObjects', () => new InMemoryObjects());
