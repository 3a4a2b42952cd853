import type { StorageConfig } from '../config';
import type { AwsClients } from '../adapters/aws-clients';
import { DynamoApiKeyRepository } from '../adapters/dynamodb/api-key-repository';
import { DynamoImportJobRepository } from '../adapters/dynamodb/import-job-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoImportRunLedger } from '../adapters/dynamodb/import-run-ledger';
import { DynamoMappingRepository } from '../adapters/dynamodb/mapping-repository';
import { DynamoOrgRecipients } from '../adapters/dynamodb/org-recipients';
import { DynamoRunRepository } from '../adapters/dynamodb/run-repository';
import { DynamoRecordStore } from '../adapters/dynamodb/record-store';
import { DynamoQuotaStore } from '../adapters/dynamodb/quota-store';
import { S3ObjectStore } from '../adapters/s3/object-store';
import { SqsChunkQueue } from '../adapters/sqs/chunk-queue';
import { systemClock, uuidIds } from '../adapters/system';

/** The adapters every composition root picks from, built over one set of clients. */
export function buildAdapters(config: StorageConfig, clients: AwsClients) {
  return {
    apiKeys: new DynamoApiKeyRepository(clients.dynamo, config.controlTable),
    runs: new DynamoRunRepository(clients.dynamo, config.controlTable),
    mappings: new DynamoMappingRepository(clients.dynamo, config.controlTable),
    importJobs: new DynamoImportJobRepository(clients.dynamo, config.controlTable),
    idempotency: new DynamoIdempotencyStore(clients.dynamo, config.controlTable),
    importRunLedger: new DynamoImportRunLedger(clients.dynamo, config.controlTable),
    records: new DynamoRecordStore(clients.dynamo, config.recordsTable, config.recordWriteConcurrency, { expireAfterDays: config.recordsTtlDays }),
    quotas: new DynamoQuotaStore(clients.dynamo, config.controlTable),
    orgRecipients: new DynamoOrgRecipients(clients.dynamo, config.controlTable),
    objects: new S3ObjectStore(clients.s3, config.uploadBucket),
    chunks: new SqsChunkQueue(clients.sqs, config.chunkQueueUrl),
    clock: systemClock,
    ids: uuidIds,
  };
}

export type Adapters = ReturnType<typeof buildAdapters>;
