import { useState } from 'preact/hooks';
import { api, expectData } from '../../api';
import { actionsFor, errorText, type ImportJob, type ImportJobAction } from './model';
import { ErrorMessage } from '../messages';

const WORDS: Record<ImportJobAction, string> = {
  activate: 'Activate',
  pause: 'Pause',
  reactivate: 'Reactivate',
  runNow: 'Run now',
  delete: 'Delete',
};

export interface JobActionsProps {
  readonly job: Pick<ImportJob, 'id' | 'name' | 'status'>;
  /** After a change: the job as the service answered it, or null once deleted, or the new run's id. */
  readonly onDone: (outcome: { job?: ImportJob; deleted?: boolean; runJobId?: string }) => void;
  /** In a table row: the job's name joins each button's accessible name ("Pause Nightly ledger"). */
  readonly compact?: boolean;
}

/**
 * The actions a job's status allows (the service's status machine decides which), each one request. Delete asks
 * first; an error shows the service's message next to the buttons.
 */
export function JobActions({ job, onDone, compact }: JobActionsProps) {
  const [busy, setBusy] = useState<ImportJobAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const path = { params: { path: { importJobId: job.id } } };

  async function run(action: ImportJobAction) {
    setBusy(action);
    setError(null);
    try {
      switch (action) {
        case 'activate':
          onDone({ job: (await expectData(api.POST('/batch-import/import-jobs/{importJobId}/activate', path))).importJob });
          break;
        case 'pause':
          onDone({ job: (await expectData(api.POST('/batch-import/import-jobs/{importJobId}/pause', path))).importJob });
          break;
        case 'reactivate':
          onDone({ job: (await expectData(api.POST('/batch-import/import-jobs/{importJobId}/reactivate', path))).importJob });
          break;
        case 'runNow': {
          const answer = await expectData(api.POST('/batch-import/import-jobs/{importJobId}/runs', path));
          onDone({ runJobId: answer.job.jobId });
          break;
        }
        case 'delete':
          await expectData(api.DELETE('/batch-import/import-jobs/{importJobId}', path));
          setConfirming(false);
          onDone({ deleted: true });
          break;
      }
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(null);
    }
  }

  const label = (action: ImportJobAction) => (compact ? `${WORDS[action]} ${job.name}` : undefined);
  return (
    <div class="job-actions">
      <div class="actions">
        {actionsFor(job.status).map((action) =>
          action === 'delete' ? (
            <button key={action} type="button" class="danger" aria-label={label(action)} disabled={busy !== null} onClick={() => setConfirming(true)}>
              {WORDS.delete}
            </button>
          ) : (
            <button
              key={action}
              type="button"
              class={action === 'activate' || action === 'reactivate' ? '' : 'secondary'}
              aria-label={label(action)}
              disabled={busy !== null}
              onClick={() => run(action)}
            >
              {busy === action ? `${WORDS[action]}…` : WORDS[action]}
            </button>
          ),
        )}
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-label={`Delete ${job.name}?`}>
          <p>
            Delete <strong>{job.name}</strong> and its schedule? Its past runs stay in the batch job history.
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy !== null} onClick={() => run('delete')}>
              Yes, delete
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)} autoFocus>
              Keep it
            </button>
          </div>
        </div>
      )}
      <ErrorMessage message={error} />
    </div>
  );
}
