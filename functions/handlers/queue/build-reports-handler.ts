import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { buildFinalReports, type BuildFinalReportsDeps } from '../../core/use-cases/build-final-reports';
import { parseRecordBody } from './record-body';
import { appendLogKeys } from '../../adapters/logger';
import { processSqsBatch } from './partial-batch';
import { ID_PATTERN } from '../../core/id-formats';

const ReportRequest = z.object({ jobId: z.string().regex(ID_PATTERN) });

/**
 * The reports queue → the final CSV reports of an ended run. A build that fails (an outage) is a batch item failure
 * and comes back; a message that names no job can never be built and is dropped with an error log.
 */
export function createBuildReportsHandler(deps: BuildFinalReportsDeps) {
  const buildRecord = async (record: SQSRecord): Promise<void> => {
    const request = parseRecordBody(record, ReportRequest);
    if (!request) {
      deps.logger.error('Dropped a report request that names no job', { messageId: record.messageId });
      return;
    }
    appendLogKeys({ jobId: request.jobId });
    const result = await buildFinalReports(deps, request.jobId);
    if (result !== 'built') deps.logger.warn('No final reports built', { jobId: request.jobId, result });
  };

  return async (event: SQSEvent, context: Context) => processSqsBatch(event, context, buildRecord);
}
