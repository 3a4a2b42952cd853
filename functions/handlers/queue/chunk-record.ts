import type { SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { ChunkMessage } from './messages';
import { parseRecordBody } from './record-body';

/** The chunk an SQS record carries, or undefined when its body is not JSON or not a chunk (never redeliverable). */
export function chunkOfRecord(record: SQSRecord): z.output<typeof ChunkMessage> | undefined {
  return parseRecordBody(record, ChunkMessage);
}
