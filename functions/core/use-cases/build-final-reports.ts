import { finalReportKey } from '../files/object-keys';
import type { Clock, Logger, ObjectStore, RunRepository } from '../ports';
import { REPORT_CONTENT_TYPE, REPORT_FILES } from '../reports/report-files';
import { isTerminal } from '../runs/run';

export interface BuildFinalReportsDeps {
  readonly runs: Pick<RunRepository, 'get'>;
  readonly objects: ObjectStore;
  /** Times each build, for the log. */
  readonly clock: Clock;
  readonly logger: Logger;
}

export type BuildFinalReportsResult = 'built' | 'no_run' | 'not_ended';

/**
 * The report builder (a queue worker, with Lambda's 15 minutes): writes the final copy of each report an ended run
 * has rows for, so that its download is a redirect however many rows it holds, not a build inside the API's 29
 * seconds. Building again (a redelivered request) writes the same bytes over the same keys.
 */
export async function buildFinalReports(deps: BuildFinalReportsDeps, runId: string): Promise<BuildFinalReportsResult> {
  const run = await deps.runs.get(runId);
  if (!run) return 'no_run';
  // Only whoever ends a run asks; a running one here is a request sent by hand, and its reports still change.
  if (!isTerminal(run.state)) return 'not_ended';
  for (const [name, report] of Object.entries(REPORT_FILES)) {
    if (!report.hasRows(run)) continue;
    const started = deps.clock.now().getTime();
    await deps.objects.putStream(finalReportKey(run.runId, report.fileName(run)), report.build(deps.objects, run), REPORT_CONTENT_TYPE);
    deps.logger.info('Final report built', { jobId: runId, report: name, milliseconds: deps.clock.now().getTime() - started });
  }
  return 'built';
}
