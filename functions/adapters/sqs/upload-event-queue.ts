import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { UploadEvents } from '../../core/leases/ports';
import { uploadKey } from '../../core/files/object-keys';

/**
 * Sends the splitter's queue the message S3 sends when an upload lands (an object-created event naming the
 * upload's key), so a split is started again through the one path every split takes. The event name says who
 * sent it, for whoever reads the queue.
 */
export class SqsUploadEvents implements UploadEvents {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly bucket: string,
  ) {}

  async announce(runId: string, fileIndex: number): Promise<void> {
    const key = uploadKey(runId, fileIndex);
    const body = {
      Records: [
        {
          eventSource: 'batch-import:lease-sweeper',
          eventName: 'ObjectCreated:Resume',
          eventTime: new Date().toISOString(),
          // S3 form-encodes keys in events; upload keys hold only characters that encode to themselves.
          s3: { bucket: { name: this.bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } },
        },
      ],
    };
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
  }
}
