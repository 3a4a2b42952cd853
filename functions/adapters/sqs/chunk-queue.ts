import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChunkQueue } from '../../core/ports';
import type { Chunk } from '../../core/runs/chunk';
import { MAX_MESSAGE_BYTES } from '../../../lib/resources';
import { mapWithConcurrency } from '../concurrency';
import { retry, Unfinished } from '../retry';
import { chunkBody } from '../../core/runs/chunk';

const ENTRIES_PER_BATCH = 10;
const MAX_ATTEMPTS = 8;

/**
 * Sends chunks as SQS messages, ten a batch and within the batch size limit, a few batches in flight.
 * Entries SQS refuses in a batch are sent again (a partial failure is a normal answer of SendMessageBatch).
 */
export class SqsChunkQueue implements ChunkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly concurrency = 4,
  ) {}

  async send(chunks: readonly Chunk[]): Promise<void> {
    await mapWithConcurrency(toBatches(chunks), this.concurrency, (batch) => this.sendBatch(batch));
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    await retry(async () => {
      const response = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
      const failed = new Set((response.Failed ?? []).map((f) => f.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
      if (pending.length > 0) throw new Unfinished(`SQS refused ${pending.length} chunk messages`);
    }, { maxAttempts: MAX_ATTEMPTS, baseMs: 100, capMs: 12_800 });
  }
}

function toBatches(chunks: readonly Chunk[]): SendMessageBatchRequestEntry[][] {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  chunks.forEach((chunk, i) => {
    const body = JSON.stringify(chunkBody(chunk));
    const size = Buffer.byteLength(body);
    if (current.length === ENTRIES_PER_BATCH || (current.length > 0 && bytes + size > MAX_MESSAGE_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ Id: String(i), MessageBody: body });
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
