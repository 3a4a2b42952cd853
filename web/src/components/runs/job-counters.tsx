import { formatCount } from '../format';
import { unprocessedOf, type Job } from './job-words';

/** §6 counters. At a terminal status they add up: succeeded + failed + skipped + unprocessed = total. */
export function JobCounters({ job }: { job: Job }) {
  const unprocessed = unprocessedOf(job);
  const counters: Array<[string, number | null | undefined, string]> = [
    ['Total', job.totalItems, ''],
    ['Succeeded', job.succeeded, 'ok'],
    ['Failed', job.failed, job.failed ? 'bad' : ''],
    ['Skipped', job.skipped, ''],
    ['Unprocessed', unprocessed, unprocessed ? 'warn' : ''],
  ];
  return (
    <dl class="runs-counters" aria-label="Row counts">
      {counters.map(([label, value, tone]) => (
        <div class={`runs-counter ${tone}`} key={label}>
          <dt>{label}</dt>
          <dd>{formatCount(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
