import type { JobDownload } from '../../paths';
import { DOWNLOAD_WORDS, downloadFileName, downloadHref, unprocessedOf, type Job } from './job-words';

/** The downloads a job has something in: its failures, its failed rows to fix, its rows never attempted. */
export function availableDownloads(job: Job): JobDownload[] {
  const files: JobDownload[] = [];
  const failed = job.failed ?? 0;
  // An entity job's failures.csv also lists the rows skipped as existing.
  if (failed > 0 || (job.kind === 'entity_automatic' && (job.skipped ?? 0) > 0)) files.push('failures');
  if (failed > 0) files.push('failed-rows');
  if ((unprocessedOf(job) ?? 0) > 0) files.push('unprocessed-rows');
  return files;
}

/**
 * Plain same-origin links: the browser sends the session cookie, follows the service's 303 to the presigned file
 * and saves it under the name the file is served with (Content-Disposition: attachment). No script holds the data.
 * `download` also keeps the dashboard's router from taking the click for a page of its own.
 */
export function JobDownloads({ job }: { job: Job }) {
  const files = availableDownloads(job);
  if (files.length === 0) return <p class="muted">Nothing to download: no row failed and none was left unprocessed.</p>;
  return (
    <ul class="runs-downloads">
      {files.map((file) => (
        <li key={file}>
          <a class="button secondary" href={downloadHref(job, file)} download={downloadFileName(job, file)}>
            {DOWNLOAD_WORDS[file]}
          </a>
        </li>
      ))}
    </ul>
  );
}
