import { dashboardPaths } from '../../paths';
import { formatInZone } from './schedule';
import { RUN_STATUS_WORDS, type LastRun, type RunStatus } from './model';

const LOOK: Record<RunStatus, { icon: string; tone: string }> = {
  completed: { icon: '✓', tone: 'ok' },
  partially_completed: { icon: '!', tone: 'warn' },
  failed: { icon: '✕', tone: 'bad' },
  halted: { icon: '✕', tone: 'bad' },
  validating: { icon: '…', tone: 'running' },
  processing: { icon: '…', tone: 'running' },
  importing: { icon: '…', tone: 'running' },
};

/**
 * The "Last 5 runs" column: one icon a run, newest first, each a link to the run's page. As on the reference page,
 * a red X carries the failure reason as its tooltip (`title`) and as its accessible description, so a screen reader
 * and a keyboard user (focus shows it too) read the reason without hovering.
 */
export function LastRuns({ runs, timeZone, jobName }: { runs: readonly LastRun[]; timeZone: string; jobName: string }) {
  if (runs.length === 0) return <span class="muted">No runs yet</span>;
  return (
    <ul class="last-runs" aria-label={`Last ${runs.length} runs of ${jobName}, newest first`}>
      {runs.map((run) => {
        const look = LOOK[run.runStatus];
        const words = RUN_STATUS_WORDS[run.runStatus];
        const when = formatInZone(run.createdAt, timeZone);
        const reason = run.failureReason ?? undefined;
        const descriptionId = `run-reason-${run.jobId}`;
        return (
          <li key={run.jobId}>
            <a
              class={`run-icon ${look.tone}`}
              href={dashboardPaths.job(run.jobId)}
              aria-label={`${words}, ${when}`}
              title={reason ? `${words}: ${reason}` : `${words}, ${when}`}
              aria-describedby={reason ? descriptionId : undefined}
            >
              <span aria-hidden="true">{look.icon}</span>
            </a>
            {reason && (
              <span id={descriptionId} class="visually-hidden">
                {reason}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
