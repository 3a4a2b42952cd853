import { useState } from 'preact/hooks';
import { api, ApiError, expectData } from '../../api';
import { dashboardPaths } from '../../paths';
import { isTerminal, metadataFlag, type Job } from './job-words';
import { ErrorMessage } from '../messages';

type Action = 'pause' | 'resume' | 'cancel';

/** Which buttons apply, as the service decides (§6 control rules): nothing once ended or while a cancel is under way. */
function applicable(job: Job): { pause: boolean; resume: boolean; cancel: boolean; retry: boolean } {
  const ended = isTerminal(job.status);
  const cancelling = metadataFlag(job, 'batchCancelRequested');
  const open = !ended && !cancelling;
  return {
    pause: open && job.status === 'running',
    resume: open && job.status === 'paused',
    cancel: open,
    retry: ended && (job.failed ?? 0) > 0,
  };
}

/**
 * Pause, Resume, Cancel (after a confirmation) and "Retry failed rows". A control's answer is the job after the
 * action, shown at once; a retry makes a new job, linked here.
 */
export function JobControls({ job, onChanged }: { job: Job; onChanged: (job: Job) => void }) {
  const [busy, setBusy] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [retryJobId, setRetryJobId] = useState<string | undefined>(undefined);
  const can = applicable(job);

  const control = async (action: Action) => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const body = await expectData(
        api.POST('/batch-import/jobs/{jobId}/control', { params: { path: { jobId: job.jobId } }, body: { action } }),
      );
      onChanged(body.job);
      setMessage(
        action === 'pause'
          ? 'Pause requested: the job stops after the rows it is working on.'
          : action === 'resume'
            ? 'The job is running again.'
            : 'Cancel requested: rows not yet attempted will be left unprocessed.',
      );
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The service could not be reached.');
    } finally {
      setBusy(false);
      setConfirmingCancel(false);
    }
  };

  const retry = async () => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const body = await expectData(api.POST('/batch-import/jobs/{jobId}/retry-failed', { params: { path: { jobId: job.jobId } } }));
      setRetryJobId(body.jobId);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The service could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  if (!can.pause && !can.resume && !can.cancel && !can.retry && !retryJobId && !error) return null;
  return (
    <div class="runs-controls">
      <div class="actions">
        {can.pause && (
          <button type="button" class="secondary" disabled={busy} onClick={() => control('pause')}>
            Pause
          </button>
        )}
        {can.resume && (
          <button type="button" disabled={busy} onClick={() => control('resume')}>
            Resume
          </button>
        )}
        {can.cancel && !confirmingCancel && (
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirmingCancel(true)}>
            Cancel
          </button>
        )}
        {can.retry && !retryJobId && (
          <button type="button" disabled={busy} onClick={retry}>
            Retry failed rows
          </button>
        )}
      </div>
      {confirmingCancel && (
        <div class="runs-confirm" role="alertdialog" aria-labelledby="confirm-cancel-text">
          <p id="confirm-cancel-text">
            Cancel this job? Rows already imported stay imported; the rows not yet attempted are left unprocessed (you can
            download them afterwards). This cannot be undone.
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => control('cancel')}>
              Yes, cancel the job
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirmingCancel(false)} autoFocus>
              Keep it running
            </button>
          </div>
        </div>
      )}
      <div aria-live="polite">
        {message && <p class="muted">{message}</p>}
        {retryJobId && (
          <p>
            The failed rows are being imported again as a new job: <a href={dashboardPaths.job(retryJobId)}>open the new job</a>.
          </p>
        )}
      </div>
      <ErrorMessage message={error} />
    </div>
  );
}
