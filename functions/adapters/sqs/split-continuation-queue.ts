import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SplitContinuationQueue } from '../../core/splitting/ports';

/** The body of a continuation on the upload-events queue, beside S3's own notifications; a few dozen bytes. */
export interface SplitContinuationBody {
  readonly splitContinuation: { readonly jobId: string; readonly fileIndex: number };
}

/**
 * Continuations go back on the queue the splitter consumes. They name the file only, never a position: the
 * checkpoint is the one source of where to resume, so a message that comes back late or twice can do no harm.
 */
export class SqsSplitContinuationQueue implements SplitContinuationQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async continueSplit(target: { runId: string; fileIndex: number }): Promise<void> {
    const body: SplitContinuationBody = { splitContinuation: { jobId: target.runId, fileIndex: target.fileIndex } };
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
  }
}
