import { formatInZone, nextRunTimes } from './schedule';
import type { ImportJob } from './model';

/**
 * When an import job runs next, in its own zone. Only an active job has an armed schedule; the others say why not.
 * A rate counts from when the job was last armed, which the job's last change stands for.
 */
export function NextRun({ job }: { job: Pick<ImportJob, 'status' | 'schedule' | 'updatedAt'> }) {
  if (job.status !== 'active') return <span class="muted">{notScheduled[job.status] ?? '–'}</span>;
  const zone = job.schedule.timezone ?? 'UTC';
  const [next] = nextRunTimes(job.schedule, 1, new Date(), new Date(job.updatedAt));
  if (!next) return <span class="muted">No run to come</span>;
  return <time dateTime={next.toISOString()}>{formatInZone(next, zone)}</time>;
}

const notScheduled: Partial<Record<ImportJob['status'], string>> = {
  draft: 'Not activated',
  sampling: 'Not activated',
  sampling_failed: 'Not activated',
  paused: 'Paused',
  halted: 'Halted',
  completed: 'Done',
};
