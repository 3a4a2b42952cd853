/**
 * The dashboard's own addresses. Emails and the API link to these, so they are part of what the service promises:
 * change one only with a redirect from the old one.
 */
export const dashboardPaths = {
  signIn: '/sign-in',
  jobs: '/jobs',
  job: (jobId: string) => `/jobs/${encodeURIComponent(jobId)}`,
  /** Opens the job's page and starts the download of one of its CSV files (after sign-in when needed). */
  jobDownload: (jobId: string, file: JobDownload) => `/jobs/${encodeURIComponent(jobId)}/download/${file}`,
  upload: '/upload',
  importJobs: '/import-jobs',
  newImportJob: '/import-jobs/new',
  importJob: (importJobId: string) => `/import-jobs/${encodeURIComponent(importJobId)}`,
  mappings: '/mappings',
  quota: '/quota',
} as const;

/** The CSV files a job offers: the failures report, the failed rows to fix and re-upload, and the unprocessed rows. */
export type JobDownload = 'failures' | 'failed-rows' | 'unprocessed-rows';
