import type { SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { ChunkMessage } from './messages';

/** The chunk an SQS record carries, or undefined when its body is not JSON or not a chunk (never redeliverable). */
export function chunkOfRecord(record: SQSRecord): z.output<typeof ChunkMessage> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const chunk = ChunkMessage.safeParse(body);
  return chunk.success ? chunk.data : undefined;
}
