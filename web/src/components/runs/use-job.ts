import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, expectData } from '../../api';
import { isTerminal, type Job } from './job-words';

/** How often a job that has not ended is read again: fast enough for a live bar, light on the API. */
const POLL_MS = 1000;

export interface JobState {
  readonly job: Job | undefined;
  readonly error: ApiError | undefined;
  /** Puts an answer the page already has (a control's) in place of the last read. */
  readonly replace: (job: Job) => void;
  /** Reads the job again now (and starts polling again if it is running). */
  readonly refresh: () => void;
}

/**
 * The job, read now and again every second until it reaches a terminal status: the page updates itself, with no
 * reload. A failed read is shown and retried on the next tick, so a passing network error does not end the watch.
 */
export function useJob(jobId: string): JobState {
  const [job, setJob] = useState<Job | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const body = await expectData(api.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId } } }));
        if (stopped) return;
        const next = (body as { job: Job }).job;
        setJob(next);
        setError(undefined);
        if (isTerminal(next.status)) return;
      } catch (caught) {
        if (stopped) return;
        const failure = caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK_ERROR', 'The service could not be reached; trying again.');
        setError(failure);
        // An unknown job or an ended session will not get better by asking again.
        if (failure.status === 404 || failure.status === 401 || failure.status === 403) return;
      }
      timer = setTimeout(read, POLL_MS);
    };
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId, generation]);

  const replace = useCallback((next: Job) => {
    setJob(next);
  }, []);
  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  return { job, error, replace, refresh };
}
