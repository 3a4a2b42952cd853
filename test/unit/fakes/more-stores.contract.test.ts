import { InMemoryApiKeys, InMemoryRecords } from '../../support/fakes';
import { InMemoryImportRunLedger, InMemoryOrgRecipients } from '../../support/notification-fakes';
import { InMemorySplitCheckpoints } from '../../support/split-fakes';
import { describeImportRunLedgerContract } from '../../support/contracts/import-run-ledger.contract';
import { describeRecordStoreContract } from '../../support/contracts/record-store.contract';
import { describeApiKeyRepositoryContract, describeOrgRecipientsContract } from '../../support/contracts/small-stores.contract';
import { describeSplitCheckpointStoreContract } from '../../support/contracts/split-checkpoint-store.contract';

// The same suites run over the DynamoDB adapters in test/integration/adapters/dynamo-more-stores.contract.test.ts.
describeImportRunLedgerContract('InMemoryImportRunLedger', () => new InMemoryImportRunLedger());
describeSplitCheckpointStoreContract('InMemorySplitCheckpoints', () => new InMemorySplitCheckpoints());
describeRecordStoreContract('InMemoryRecords', () => new InMemoryRecords());
describeApiKeyRepositoryContract('InMemoryApiKeys', () => new InMemoryApiKeys());
describeOrgRecipientsContract('InMemoryOrgRecipients', () => new InMemoryOrgRecipients());
