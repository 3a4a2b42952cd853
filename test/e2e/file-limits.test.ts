import { gzipSync } from 'node:zlib';
import { startOwnStack, uploadCsv, uploadPresigned, waitForEnd, type OwnStack } from '../support/faulted-stack';

jest.setTimeout(300_000);

/**
 * Files past the readers' limits end with a code on the local stack, as in AWS: none stays `running` while the
 * lease resumes it to fail again. Small limits keep the files small; the defaults are checked by the reader tests.
 */
describe('E2E: pathological files end with a clear code', () => {
  let stack: OwnStack | undefined;
  beforeAll(async () => {
    stack = await startOwnStack('file-limits', { MAX_COLUMNS: '50', MAX_ROW_BYTES: '300000', MAX_JSON_DEPTH: '10' });
  });
  afterAll(async () => stack?.stop());

  const failuresOf = async (route: string, jobId: string) => {
    const response = await fetch(`${stack!.url}/batch-import/${route}/${jobId}/failures`, { headers: { authorization: `Bearer ${stack!.apiKey}` } });
    return ((await response.json()) as { failures: Array<{ code: string; message: string }> }).failures;
  };

  it('fails a CSV whose header has more columns than MAX_COLUMNS', async () => {
    const extra = Array.from({ length: 100 }, (_, i) => `c${i}`).join(',');
    const jobId = await uploadCsv(stack!, 'transactions', 'wide.csv', `externalId,amount,currency,occurredAt,${extra}\ntx-1,1.00,EUR,2026-11-01\n`);
    const job = await waitForEnd(stack!, jobId, 60_000);
    expect(job).toMatchObject({ status: 'failed', jobFailure: { code: 'FILE_UNREADABLE', message: 'wide.csv: The header row has more than 50 columns (MAX_COLUMNS)' } });
  });

  it('fails a CSV whose header would not fit the chunks that carry it (SQS refused them, and the split was retried forever)', async () => {
    // 270 KB of header, within MAX_COLUMNS and MAX_ROW_BYTES: a chunk carrying it is past the 256 KiB SQS message.
    const names = Array.from({ length: 45 }, (_, i) => `${i}`.padEnd(6_000, 'n'));
    const csv = `externalId,amount,currency,occurredAt,${names.join(',')}\ntx-1,1.00,EUR,2026-11-01\n`;
    const jobId = await uploadPresigned(stack!, 'long-names.csv', Buffer.from(csv));
    const job = await waitForEnd(stack!, jobId, 60_000);
    expect(job.status).toBe('failed');
    expect(job.jobFailure).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('the header row takes') });
  });

  it('fails a small gzip holding one field of 50 MB, after reading a bounded part of it', async () => {
    const body = gzipSync(Buffer.concat([Buffer.from('externalId,amount,currency,occurredAt\ntx-1,1.00,EUR,'), Buffer.alloc(50 * 1024 * 1024, 'x')]));
    expect(body.length).toBeLessThan(256 * 1024);
    const jobId = await uploadPresigned(stack!, 'bomb.csv.gz', body);
    const job = await waitForEnd(stack!, jobId, 60_000);
    expect(job.status).toBe('failed');
    expect(job.jobFailure).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('is over 300000 bytes (MAX_ROW_BYTES)') });
  });

  it('makes an NDJSON line nested too deep, or too long, a MALFORMED_ROW and imports the rest', async () => {
    const event = (userId: string, extra = '') => `{"eventType":"login","userId":"${userId}","occurredAt":"2026-11-01T10:00:00Z"${extra}}`;
    const lines = [
      event('u1'),
      event('u2', `,"attributes":{"deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
      event('u3', `,"attributes":{"long":"${'z'.repeat(400_000)}"}`),
      event('u4'),
    ];
    const jobId = await uploadPresigned(stack!, 'events.ndjson', Buffer.from(lines.join('\n') + '\n'), {}, 'user_event_batch');
    const job = await waitForEnd(stack!, jobId, 60_000);
    expect(job).toMatchObject({ status: 'completed', totalItems: 4, succeeded: 2, failed: 2 });
    const failures = await failuresOf('user-event-jobs', jobId);
    expect(failures.map((f) => [f.code, f.message])).toEqual([
      ['MALFORMED_ROW', 'Line nests arrays or objects more than 10 deep (MAX_JSON_DEPTH)'],
      ['MALFORMED_ROW', 'Line is longer than 300000 bytes (MAX_ROW_BYTES)'],
    ]);
  });

  it('fails a currency or country code that is not on the ISO lists, naming the field', async () => {
    const csv = 'externalId,amount,currency,occurredAt\ntx-1,1.00,eur,2026-11-01\ntx-2,1.00,XYZ,2026-11-01\ntx-3,1.00,BAD,2026-11-01\n';
    const jobId = await uploadCsv(stack!, 'transactions', 'codes.csv', csv);
    const job = await waitForEnd(stack!, jobId, 60_000);
    expect(job).toMatchObject({ status: 'completed', succeeded: 1, failed: 2 });
    const failures = await failuresOf('transaction-jobs', jobId);
    expect(failures.map((f) => [f.code, f.message])).toEqual([
      ['VALIDATION_ERROR', 'currency must be an ISO 4217 currency code'],
      ['VALIDATION_ERROR', 'currency must be an ISO 4217 currency code'],
    ]);
  });
});
