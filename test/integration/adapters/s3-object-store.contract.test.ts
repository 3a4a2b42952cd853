import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { S3ObjectStore } from '../../../functions/adapters/s3/object-store';
import { describeObjectStoreContract } from '../../support/contracts/object-store.contract';

// The same suite runs over the in-memory fake in test/unit/fakes/object-store.contract.test.ts.
const objects = new S3ObjectStore(createAwsClients().s3, process.env.UPLOAD_BUCKET_NAME as string);
describeObjectStoreContract('S3ObjectStore (fauxqs)', () => objects);
