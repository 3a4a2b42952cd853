/**
 * The dashboard's own addresses, shared by the dashboard (web/src/paths.ts) and the emails that link to it
 * (links.ts beside it). They are part of what the service promises: an email sent today must
 * still open the right page next year, so change one only with a redirect from the old one.
 */
export const dashboardPaths = {
  signIn: '/sign-in',
  jobs: '/jobs',
  job: (runId: string) => `/jobs/${encodeURIComponent(runId)}`,
  /** Opens the job's page and starts the download of one of its CSV files (after sign-in when needed). */
  jobDownload: (runId: string, file: JobDownload) => `/jobs/${encodeURIComponent(runId)}/download/${file}`,
  upload: '/upload',
  importJobs: '/import-jobs',
  newImportJob: '/import-jobs/new',
  importJob: (importJobId: string) => `/import-jobs/${encodeURIComponent(importJobId)}`,
  mappings: '/mappings',
  quota: '/quota',
} as const;

/** The CSV files a job offers: the failures report, the failed rows to fix and re-upload, and the unprocessed rows. */
export const JOB_DOWNLOADS = ['failures', 'failed-rows', 'unprocessed-rows'] as const;
export type JobDownload = (typeof JOB_DOWNLOADS)[number];
