import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runTag, transactionsCsv } from '../support/generate';
import { getJob, type Job } from '../support/service-client';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'batch-import-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `npm run -s cli -- …` as a user types it, with no URL or key configured: the CLI finds the test stack through
 * its stack file, as it finds `npm start`'s. Asynchronous, so that the test's own HTTP connections stay served.
 */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_STACK_FILE: process.env.E2E_LOCAL_STACK_FILE };
  delete env.BATCH_IMPORT_URL;
  delete env.BATCH_IMPORT_API_KEY;
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** A port nothing listens on: one the system just handed out and that was closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function file(name: string, content: string | Buffer): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

/** Rows 2, 5 and 9 of the file (lines 3, 6 and 10) have amounts no one can read. */
function csvWithThreeBadAmounts(prefix: string): string {
  const lines = transactionsCsv(10, prefix).trimEnd().split('\n');
  for (const row of [2, 5, 9]) lines[row] = `${prefix}-${row},12;50,EUR,2026-11-01T10:00:00Z,typo`;
  return `${lines.join('\n')}\n`;
}

describe('E2E: the CLI against the running local stack', () => {
  it('uploads a clean file, waits, prints the summary and exits 0', async () => {
    const result = await cli('upload', file('clean.csv', transactionsCsv(5, `c${runTag()}`)), '--kind', 'transactions', '--wait');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^job [\w-]+ queued \(transaction_batch, multipart upload of \d+ bytes\)$/);
    // Not a terminal: plain progress lines, then the summary.
    expect(result.stdout).not.toContain('\r');
    expect(lines[lines.length - 1]).toBe('completed (completed): 5 rows, 5 succeeded, 0 failed, 0 skipped');
  });

  it('sends a .gz file as it is', async () => {
    const gz = file('clean.csv.gz', gzipSync(transactionsCsv(4, `z${runTag()}`)));
    const result = await cli('upload', gz, '--kind', 'transactions', '--wait', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).job).toMatchObject({ status: 'completed', totalItems: 4, succeeded: 4 });
  });

  it('exits 2 for a file with failed rows, prints the job alone with --json, and fetches the complete failures CSV and the failed rows', async () => {
    const prefix = `f${runTag()}`;
    const result = await cli('upload', file('bad.csv', csvWithThreeBadAmounts(prefix)), '--kind', 'transactions', '--wait', '--json');
    expect(result.status).toBe(2);
    const body = JSON.parse(result.stdout) as { success: boolean; job: Job };
    expect(body.success).toBe(true);
    expect(body.job).toMatchObject({ status: 'completed', runStatus: 'partially_completed', totalItems: 10, succeeded: 7, failed: 3, skipped: 0 });
    // Progress went to stderr, out of the way of the JSON.
    expect(result.stderr).toContain(`job ${body.job.jobId} queued`);
    // The body is the service's own status body.
    expect(body).toEqual(await (await getJob(body.job.jobId)).json());

    const csv = await cli('failures', body.job.jobId, '--csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe(
      [
        'external_id,code,error,row_number,field',
        `${prefix}-2,VALIDATION_ERROR,amount must be a decimal number such as 1250.75,3,amount`,
        `${prefix}-5,VALIDATION_ERROR,amount must be a decimal number such as 1250.75,6,amount`,
        `${prefix}-9,VALIDATION_ERROR,amount must be a decimal number such as 1250.75,10,amount`,
        '',
      ].join('\n'),
    );

    const out = path.join(dir, 'failed-rows.csv');
    const rows = await cli('failures', body.job.jobId, '--rows', '-o', out);
    expect(rows.status).toBe(0);
    expect(rows.stdout).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
      'externalId,amount,currency,occurredAt,description,error_code,error_message',
      ...[2, 5, 9].map((n) => `${prefix}-${n},12;50,EUR,2026-11-01T10:00:00Z,typo,VALIDATION_ERROR,amount must be a decimal number such as 1250.75`),
    ]);

    const json = JSON.parse((await cli('failures', body.job.jobId)).stdout) as { failures: unknown[]; failuresTotal: number };
    expect(json.failuresTotal).toBe(3);
    expect(json.failures).toHaveLength(3);

    const history = await cli('jobs', '--json', '--kind', 'transactions', '--limit', '100');
    expect(history.status).toBe(0);
    const page = JSON.parse(history.stdout) as { jobs: Job[]; nextCursor: string | null };
    expect(page.jobs.map((job) => job.jobId)).toContain(body.job.jobId);
    expect(page.jobs.every((job) => job.kind === 'transaction_batch')).toBe(true);

    const table = await cli('jobs', '--status', 'completed', '--limit', '100');
    expect(table.stdout.split('\n')[0]).toMatch(/^JOB ID +KIND +STATUS +RUN STATUS +TOTAL +SUCCEEDED +FAILED +SKIPPED +CREATED$/);
    expect(table.stdout).toMatch(new RegExp(`^${body.job.jobId} +transaction_batch +completed +partially_completed +10 +7 +3 +0 `, 'm'));
  });

  it('sends a 10 MB file through a presigned upload by itself', async () => {
    // Wide rows keep the import short: 10 MB in about 400 rows.
    const note = 'n'.repeat(26 * 1024);
    const prefix = `p${runTag()}`;
    const rows = Array.from({ length: 400 }, (_, i) => `${prefix}-${i + 1},${i + 1}.00,EUR,2026-11-01T10:00:00Z,${note}`);
    const big = file('big.csv', `externalId,amount,currency,occurredAt,note\n${rows.join('\n')}\n`);
    expect(readFileSync(big).length).toBeGreaterThan(10 * 1024 * 1024);

    const result = await cli('upload', big, '--kind', 'transactions', '--json');
    expect(result.status).toBe(0);
    const accepted = JSON.parse(result.stdout) as { jobId: string; status: string };
    expect(accepted).toMatchObject({ success: true, kind: 'transaction_batch', status: 'queued' });
    expect(accepted).not.toHaveProperty('uploadUrl');

    // The job was made by the presigned route, and the whole file landed: the service read all its rows.
    let job: Job;
    for (;;) {
      job = ((await (await getJob(accepted.jobId)).json()) as { job: Job }).job;
      if (job.totalItems !== null || ['failed', 'cancelled', 'interrupted'].includes(job.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(job.metadata).toMatchObject({ source: 'presigned_upload' });
    expect(job.metadata).not.toHaveProperty('awaitingUpload');
    expect(job.totalItems).toBe(400);
  });

  it('names a missing file in one line and exits 1', async () => {
    const missing = path.join(dir, 'no-such.csv');
    const result = await cli('upload', missing, '--kind', 'entities');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`cli: no such file: ${missing}\n`);
    expect(result.stdout).toBe('');
  });

  it('exits 64 on a usage error', async () => {
    const missingKind = await cli('upload', 'x.csv');
    expect(missingKind.status).toBe(64);
    expect(missingKind.stderr).toContain("required option '--kind <kind>' not specified");
    expect((await cli('frobnicate')).status).toBe(64);
    expect((await cli('jobs', '--no-such-option')).status).toBe(64);
    expect((await cli('control', 'some-job', 'stop')).status).toBe(64);
    const help = await cli('upload', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--idempotency-key <key>');
  });

  it('says in one line that a key was refused, or that the service cannot be reached', async () => {
    const refused = await cli('jobs', '--key', 'bik_not_a_real_key');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^cli: the API key was refused \(401 UNAUTHORIZED\): [^\n]+\n$/);

    const port = await closedPort();
    const unreachable = await cli('jobs', '--url', `http://127.0.0.1:${port}`, '--key', 'k');
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toBe(`cli: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });
});
