import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReportRequests } from '../../core/reports/report-files';

/** The report builder's queue: one message a run, delayed so that the run's last failure documents are in. */
export class SqsReportRequests implements ReportRequests {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly delaySeconds: number,
  ) {}

  async requestFinalReports(runId: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ jobId: runId }), DelaySeconds: this.delaySeconds }),
    );
  }
}
