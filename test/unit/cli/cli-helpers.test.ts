import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchImportApi, Job } from '../../../cli/api';
import { ApiError } from '../../../cli/errors';
import { MULTIPART_LIMIT_BYTES, uploadPathFor } from '../../../cli/commands/upload';
import { resolveConnection } from '../../../cli/config';
import { exitCodeOf, progressLine, summaryOf, waitForJob } from '../../../cli/wait';

const job = (fields: Partial<Job>): Job => ({
  jobId: 'job-1',
  kind: 'transaction_batch',
  status: 'completed',
  runStatus: 'completed',
  totalItems: 10,
  succeeded: 10,
  failed: 0,
  skipped: 0,
  createdAt: '2026-11-25T10:00:00.000Z',
  completedAt: '2026-11-25T10:01:00.000Z',
  heartbeatAt: '2026-11-25T10:01:00.000Z',
  leaseExpiresAt: null,
  workerError: null,
  importJobId: null,
  attempt: 1,
  namespace: 'default',
  metadata: {},
  progress: { processed: 10, percent: 100, rowsPerSecond: 5, etaSeconds: 0 },
  ...fields,
});

describe('CLI: exit codes', () => {
  it('is 0 for a clean completion, 2 with failed or skipped rows, 1 for every other end', () => {
    expect(exitCodeOf(job({}))).toBe(0);
    expect(exitCodeOf(job({ succeeded: 9, failed: 1, runStatus: 'partially_completed' }))).toBe(2);
    expect(exitCodeOf(job({ succeeded: 9, skipped: 1 }))).toBe(2);
    for (const status of ['failed', 'cancelled', 'interrupted'] as const) expect(exitCodeOf(job({ status }))).toBe(1);
  });
});

describe('CLI: progress and summary', () => {
  it('shows phase, percent, rows, rows/s and ETA while running', () => {
    const running = job({ status: 'running', runStatus: 'importing', totalItems: 120_000, succeeded: 30_000, progress: { processed: 30_000, percent: 25, rowsPerSecond: 1234.4, etaSeconds: 73 } });
    expect(progressLine(running)).toBe('job-1 importing · 25% · 30,000/120,000 rows · 1,234 rows/s · ETA 1m13s');
    // Rows not reached yet are not "unprocessed" while the job runs.
    expect(summaryOf(running)).toEqual(['running (importing): 120,000 rows, 30,000 succeeded, 0 failed, 0 skipped']);
  });

  it('ends with the counters, the reason, and where the failures and unprocessed rows are', () => {
    expect(summaryOf(job({ status: 'cancelled', runStatus: 'failed', succeeded: 4, failed: 1, jobFailure: { code: 'X', message: 'why' } }))).toEqual([
      'cancelled (failed): 10 rows, 4 succeeded, 1 failed, 0 skipped, 5 unprocessed',
      'reason: X: why',
      'failures: npm run -s cli -- failures job-1 --csv   (the failed rows to fix and upload again: --rows)',
      'rows never attempted: GET /batch-import/jobs/job-1/unprocessed.csv',
    ]);
  });

  it('reads the null counters of a job no worker has counted yet as 0 (the contract allows null)', () => {
    const queued = job({ status: 'queued', runStatus: 'validating', totalItems: null, succeeded: null, failed: null, skipped: null });
    expect(summaryOf(queued)).toEqual(['queued (validating): 0 rows, 0 succeeded, 0 failed, 0 skipped']);
    expect(exitCodeOf(job({ succeeded: null, failed: null, skipped: null }))).toBe(0);
  });
});

describe('CLI: upload route', () => {
  it('sends what the multipart route takes as multipart, anything larger through a presigned URL', () => {
    expect(uploadPathFor(1)).toBe('multipart');
    expect(uploadPathFor(6_000_000)).toBe('multipart');
    expect(uploadPathFor(MULTIPART_LIMIT_BYTES)).toBe('presigned');
    expect(uploadPathFor(10 * 1024 * 1024)).toBe('presigned');
  });
});

describe('CLI: connection', () => {
  let dir: string;
  const saved = process.env.LOCAL_STACK_FILE;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cli-config-'));
    process.env.LOCAL_STACK_FILE = path.join(dir, 'stack.json');
    // A stack file of a running stack: this very process stands in for it.
    writeFileSync(process.env.LOCAL_STACK_FILE, JSON.stringify({
      pid: process.pid, url: 'http://127.0.0.1:4321', demoApiKey: 'demo-secret',
      endpoints: { dynamodb: 'http://127.0.0.1:1' }, names: { controlTable: 't' },
    }));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.LOCAL_STACK_FILE;
    else process.env.LOCAL_STACK_FILE = saved;
  });

  it('prefers flags, then the environment, then the running local stack and its demo key', () => {
    expect(resolveConnection({ url: 'https://a.example', key: 'k1' }, { BATCH_IMPORT_URL: 'https://b.example', BATCH_IMPORT_API_KEY: 'k2' })).toEqual({ baseUrl: 'https://a.example', apiKey: 'k1' });
    expect(resolveConnection({}, { BATCH_IMPORT_URL: 'https://b.example', BATCH_IMPORT_API_KEY: 'k2' })).toEqual({ baseUrl: 'https://b.example', apiKey: 'k2' });
    expect(resolveConnection({}, {})).toEqual({ baseUrl: 'http://127.0.0.1:4321', apiKey: 'demo-secret' });
  });

  it('never sends the local demo key to another address', () => {
    expect(() => resolveConnection({ url: 'https://prod.example' }, {})).toThrow('no API key for https://prod.example: set BATCH_IMPORT_API_KEY or pass --key');
  });

  it('says what to set when there is neither configuration nor a running stack', () => {
    rmSync(process.env.LOCAL_STACK_FILE as string);
    expect(() => resolveConnection({}, {})).toThrow(/^no service URL: set BATCH_IMPORT_URL and BATCH_IMPORT_API_KEY/);
  });
});

describe('CLI: waiting for a job', () => {
  const states = (): Job[] => [
    job({ status: 'queued', runStatus: 'validating', totalItems: null, succeeded: 0, progress: { processed: 0, percent: null, rowsPerSecond: null, etaSeconds: null } }),
    job({ status: 'running', runStatus: 'importing', succeeded: 5, progress: { processed: 5, percent: 50, rowsPerSecond: 5, etaSeconds: 1 } }),
    job({}),
  ];
  /** A service whose job moves through the given states, one a poll, and fails once in between with a 503. */
  const serviceThrough = (jobs: Job[]) => {
    let polls = 0;
    return {
      getJob: async () => {
        polls += 1;
        if (polls === 2) throw new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy');
        return { success: true as const, job: jobs.shift() as Job };
      },
    } as unknown as BatchImportApi;
  };
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
  };

  it('redraws one line in place on a terminal, rides out a 503, and answers the final status body', async () => {
    const { stream, written } = sink(true);
    const body = await waitForJob(serviceThrough(states()), 'job-1', stream);
    expect(body.job.status).toBe('completed');
    expect(written).toEqual([
      '\r\x1b[2Kjob-1 validating · 0 rows',
      '\r\x1b[2Kjob-1 importing · 50% · 5/10 rows · 5 rows/s · ETA 1s',
      '\r\x1b[2Kjob-1 completed · 100% · 10/10 rows · 5 rows/s',
      '\n',
    ]);
  }, 20_000);

  it('writes plain lines elsewhere, one per change of phase', async () => {
    const { stream, written } = sink(false);
    await waitForJob(serviceThrough(states()), 'job-1', stream);
    expect(written).toEqual(['job-1 validating · 0 rows\n', 'job-1 importing · 50% · 5/10 rows · 5 rows/s · ETA 1s\n', 'job-1 completed · 100% · 10/10 rows · 5 rows/s\n']);
  }, 20_000);
});
