import { dashboardPaths, type JobDownload } from './dashboard-paths';
import { unprocessedOf, type Run } from '../runs/run';

/**
 * Absolute links into the dashboard, for emails (§10, §14): a recipient reads the email in a mail program, far
 * from the service, so every link carries the service's public base URL (PUBLIC_BASE_URL: the API's URL in AWS,
 * the local server's under `npm start`). The paths are the dashboard's own (dashboard-paths.ts).
 */
export interface DashboardLinks {
  /** The run's page: counters, status, failures table, downloads. */
  run(runId: string): string;
  /** The run's page, starting the download of one of its CSV files (after sign-in when needed). */
  runDownload(runId: string, file: JobDownload): string;
  /** An import job's page: settings, run history, reactivate. */
  importJob(importJobId: string): string;
}

/**
 * Links under `publicBaseUrl`. A path in the base (a stage, a reverse proxy's prefix) is kept: the dashboard's
 * paths are appended to it, not resolved against it. A query or fragment in the base is refused, since the links
 * would carry it in the wrong place.
 */
export function dashboardLinks(publicBaseUrl: string): DashboardLinks {
  const base = new URL(publicBaseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`The public base URL must be http(s): ${publicBaseUrl}`);
  if (base.search !== '' || base.hash !== '') throw new Error(`The public base URL must have no query or fragment: ${publicBaseUrl}`);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const at = (path: string) => `${prefix}${path}`;
  return {
    run: (runId) => at(dashboardPaths.job(runId)),
    runDownload: (runId, file) => at(dashboardPaths.jobDownload(runId, file)),
    importJob: (importJobId) => at(dashboardPaths.importJob(importJobId)),
  };
}

/** One labelled link of an email. */
export type EmailLink = readonly [label: string, url: string];

/**
 * What a recipient of a run's email needs: the run's page, and the file to fix. The failed rows
 * (`failed-rows.csv`: the original header and rows, plus `error_code` and `error_message`) are the one file a data
 * manager can correct and upload again, so a run with failed rows links to them rather than to the failures
 * report; a run that stopped before any row failed links to the failures report, whose page also shows the
 * run's reason; rows never attempted (a cancel, a halt on the monthly limit) link to the unprocessed rows.
 */
export function runEmailLinks(links: DashboardLinks, run: Pick<Run, 'runId' | 'phase' | 'failed' | 'totalItems' | 'succeeded' | 'skipped'>): EmailLink[] {
  const result: EmailLink[] = [['Open the run', links.run(run.runId)]];
  if (run.failed > 0) result.push(['Download the failed rows, to fix and upload again', links.runDownload(run.runId, 'failed-rows')]);
  else if (run.phase !== 'completed') result.push(['Download the failures report', links.runDownload(run.runId, 'failures')]);
  if (unprocessedOf(run) > 0) result.push(['Download the rows not processed', links.runDownload(run.runId, 'unprocessed-rows')]);
  return result;
}
