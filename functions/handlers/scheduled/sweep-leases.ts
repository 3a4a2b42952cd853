import { LeaseSweeperConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { DynamoLeaseRepository } from '../../adapters/dynamodb/lease-repository';
import { S3UploadProbe } from '../../adapters/s3/upload-probe';
import { SqsUploadEvents } from '../../adapters/sqs/upload-event-queue';
import { buildAdapters } from '../dependencies';
import { createSweepLeasesHandler } from './sweep-leases-handler';

// Composition root: built once per cold start.
const config = loadConfig(LeaseSweeperConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);

const logger = asPort(createLogger());

export const handler = createSweepLeasesHandler({
  runs: adapters.runs,
  clock: adapters.clock,
  leases: new DynamoLeaseRepository(clients.dynamo, config.controlTable),
  uploadEvents: new SqsUploadEvents(clients.sqs, config.uploadEventsQueueUrl, config.uploadBucket),
  uploads: new S3UploadProbe(clients.s3, config.uploadBucket),
  logger,
  policy: {
    leaseSeconds: config.leaseSeconds,
    maxResumes: config.leaseMaxResumes,
    uploadGraceSeconds: config.uploadExpiryGraceSeconds,
    stallSeconds: config.leaseStallSeconds,
  },
});
