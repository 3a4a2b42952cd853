import { parse } from 'csv-parse/sync';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { runTag } from '../support/generate';
import { api, pollUntilTerminal, uploadAndWait, uploadFiles, withKey } from '../support/service-client';

jest.setTimeout(180_000);

const at = '2026-11-01T10:00:00Z';
// Through the service client's api(): every answer is checked against the route table's contract.
const get = (path: string, init: RequestInit = {}) => api(path, withKey(init));
const rows = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('E2E: failure reports (§8) over HTTP against the local stack', () => {
  const tag = runTag();
  const header = 'externalId,amount,currency,occurredAt,description';
  const csv = [
    header,
    `${tag}-ok-1,1.00,EUR,${at},fine`,
    `${tag}-bad-currency,1.00,EURO,${at},"=HYPERLINK(""http://evil.example"",""click"")"`,
    `=${tag}-formula-id,2.00,EURO,${at},plain`,
    `${tag}-ok-2,3.00,EUR,${at},fine`,
    `${tag}-bad-date,4.00,EUR,yesterday,"two\nlines, one cell"`,
  ].join('\n') + '\n';
  let jobId: string;

  beforeAll(async () => {
    const { job } = await uploadAndWait('transactions', [{ fileName: 'with-failures.csv', content: csv }]);
    jobId = job.jobId;
    expect(job).toMatchObject({ status: 'completed', runStatus: 'partially_completed', totalItems: 5, succeeded: 2, failed: 3 });
  });

  it('answers the transaction failures JSON, item for item', async () => {
    // Act
    const response = await get(`/batch-import/transaction-jobs/${jobId}/failures`);
    // Assert
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      jobId,
      kind: 'transaction_batch',
      status: 'completed',
      totalItems: 5,
      succeeded: 2,
      failed: 3,
      skipped: 0,
      failures: [
        // §8: each failure names the offending value where the row had one.
        { externalId: `${tag}-bad-currency`, code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 3, field: 'currency', value: 'EURO' },
        { externalId: `=${tag}-formula-id`, code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 4, field: 'currency', value: 'EURO' },
        { externalId: `${tag}-bad-date`, code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 6, field: 'occurredAt', value: 'yesterday' },
      ],
      truncated: false,
      failuresTotal: 3,
    });
  });

  it('answers the same body on GET /jobs/{id}?include=failures', async () => {
    // Act
    const [included, kindRoute] = await Promise.all([
      get(`/batch-import/jobs/${jobId}?include=failures`).then((r) => r.json()),
      get(`/batch-import/transaction-jobs/${jobId}/failures`).then((r) => r.json()),
    ]);
    // Assert
    expect(included).toEqual(kindRoute);
  });

  it('answers 404 under another kind prefix', async () => {
    // Act
    const responses = await Promise.all([
      get(`/batch-import/entity-jobs/${jobId}/failures`),
      get(`/batch-import/user-event-jobs/${jobId}/failures.csv`),
    ]);
    // Assert
    expect(responses.map((r) => r.status)).toEqual([404, 404]);
  });

  it('redirects failures.csv to a download with formulas neutralised', async () => {
    // Act
    const redirect = await get(`/batch-import/transaction-jobs/${jobId}/failures.csv`, { redirect: 'manual' });
    const response = await get(`/batch-import/transaction-jobs/${jobId}/failures.csv`);
    // Assert
    expect(redirect.status).toBe(303);
    // S3 answers with the attachment header the URL is signed with (the local emulator ignores it; S3 does not).
    const location = new URL(String(redirect.headers.get('location')));
    expect(location.searchParams.get('response-content-disposition')).toBe(`attachment; filename="transaction-failures-${jobId}.csv"`);
    expect(location.searchParams.get('response-content-type')).toMatch(/^text\/csv/);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const table = rows(await response.text());
    expect(table[0]?.slice(0, 3)).toEqual(['external_id', 'code', 'error']);
    expect(table.slice(1).map((row) => [row[0], row[1], row[3]])).toEqual([
      [`${tag}-bad-currency`, 'VALIDATION_ERROR', '3'],
      [`'=${tag}-formula-id`, 'VALIDATION_ERROR', '4'],
      [`${tag}-bad-date`, 'VALIDATION_ERROR', '6'],
    ]);
  });

  it('gives back failed-rows.csv unchanged, which imports once fixed', async () => {
    // Act
    const response = await get(`/batch-import/jobs/${jobId}/failed-rows.csv`);
    // Assert
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(rows(text)).toEqual([
      [...header.split(','), 'error_code', 'error_message'],
      [`${tag}-bad-currency`, '1.00', 'EURO', at, '=HYPERLINK("http://evil.example","click")', 'VALIDATION_ERROR', expect.any(String)],
      [`=${tag}-formula-id`, '2.00', 'EURO', at, 'plain', 'VALIDATION_ERROR', expect.any(String)],
      [`${tag}-bad-date`, '4.00', 'EUR', 'yesterday', 'two\nlines, one cell', 'VALIDATION_ERROR', expect.any(String)],
    ]);

    // Act: fix the values in place and upload the file as it is.
    const fixed = text.replaceAll(',EURO,', ',EUR,').replace(',yesterday,', `,${at},`);
    const upload = await uploadFiles('transactions', [{ fileName: 'fixed.csv', content: fixed }]);
    expect(upload.status).toBe(202);
    const { job } = await pollUntilTerminal(((await upload.json()) as { jobId: string }).jobId);
    // Assert
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 3, succeeded: 3, failed: 0 });
  });

  it('has the report builder write the final reports after the run ended, and downloads them from there', async () => {
    // Arrange: the local stack under test asks for final reports 1 s after a run ends (REPORT_BUILD_DELAY_SECONDS).
    const s3 = new S3Client({ forcePathStyle: true });
    const finalPrefix = `reports/${jobId}/final/`;
    let keys: string[] = [];
    for (const deadline = Date.now() + 30_000; keys.length < 2 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: process.env.UPLOAD_BUCKET_NAME, Prefix: finalPrefix }));
      keys = (listed.Contents ?? []).map((object) => String(object.Key));
    }
    // Assert: failures.csv and failed-rows.csv (nothing was left unprocessed)
    expect(keys.sort()).toEqual([`${finalPrefix}failed-rows-${jobId}.csv`, `${finalPrefix}transaction-failures-${jobId}.csv`]);
    const redirect = await get(`/batch-import/transaction-jobs/${jobId}/failures.csv`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    const location = new URL(String(redirect.headers.get('location')));
    expect(location.pathname).toContain(`/${finalPrefix}transaction-failures-${jobId}.csv`);
    const download = await fetch(location);
    expect(rows(await download.text()).map((row) => row[0])).toEqual(['external_id', `${tag}-bad-currency`, `'=${tag}-formula-id`, `${tag}-bad-date`]);
  });
});
