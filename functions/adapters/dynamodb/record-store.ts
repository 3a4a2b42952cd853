import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordStore } from '../../core/ports';
import type { ExistingRecord, ImportRecord } from '../../core/records/record';
import { PartiqlRecordWriter, type PutResult, type RecordRetention } from './partiql-record-writer';

/**
 * Imported records, one item each under `ORG#<orgId>#<key>` / `RECORD`. New records are written with PartiQL
 * INSERTs (see PartiqlRecordWriter): one write unit a record, exactly once, however many deliveries of a chunk or
 * runs race for a key; a taken key answers the record that holds it, or `written` when that record is this very
 * row of this very run.
 */
export class DynamoRecordStore implements RecordStore {
  private readonly writer: PartiqlRecordWriter;

  /**
   * `concurrency`: BatchExecuteStatement calls (25 rows each) in flight per `putNew`. `expireAfterDays` (the
   * RECORDS_TTL_DAYS option): each new record carries the table's TTL attribute, that many days after it was
   * written, and DynamoDB deletes it after then; a record that already expires sooner (a dry run's) keeps its own.
   */
  constructor(client: DynamoDBDocumentClient, tableName: string, concurrency = 8, retention: RecordRetention = {}) {
    this.writer = new PartiqlRecordWriter(client, tableName, concurrency, retention);
  }

  putNew(records: readonly ImportRecord[]): Promise<PutResult[]> {
    return this.writer.putNew(records);
  }

  find(orgId: string, keys: readonly string[]): Promise<Map<string, ExistingRecord>> {
    return this.writer.read(orgId, keys);
  }
}
