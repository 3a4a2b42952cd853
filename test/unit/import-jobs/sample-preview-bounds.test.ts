import type { FileLimits } from '../../../functions/core/files/limits';
import { PREVIEW_LIMITS } from '../../../functions/core/import-jobs/sample';
import { createImportJob } from '../../../functions/core/use-cases/manage-import-jobs';
import { sampleImportJob } from '../../../functions/core/use-cases/sample-import-job';
import { createImportJobWorld, newJobBody } from '../../support/import-job-world';
import { principal } from '../../support/world';

const manager = principal('org-a', ['import-jobs:manage']);
/** What API Gateway and Lambda can answer at most. */
const LAMBDA_ANSWER_BYTES = 6 * 1024 * 1024;

async function sample(body: Buffer, fileLimits?: FileLimits, jobBody = newJobBody()) {
  const world = createImportJobWorld();
  const { importJob } = await createImportJob(world.deps, manager, jobBody);
  const answer = await sampleImportJob({ ...world.deps, fileLimits }, manager, importJob.id, { fileName: 'sample.csv', contentType: 'text/csv', fields: {}, body });
  return { answer, size: Buffer.byteLength(JSON.stringify(answer)) };
}

/** A CSV of `columns` columns and `rows` rows, the transaction fields first; names and cells padded to `width`. */
function wide(columns: number, rows: number, width = 1): Buffer {
  const extra = Array.from({ length: columns - 4 }, (_, i) => `col${i}`.padEnd(width, '-'));
  const lines = [['External ID', 'Amount', 'Currency', 'Date', ...extra].join(',')];
  for (let r = 0; r < rows; r++) lines.push([`tx-${r}`, '1.00', 'EUR', '2026-11-01', ...extra.map((_, i) => String(i % 1000).padEnd(width, '0'))].join(','));
  return Buffer.from(lines.join('\n') + '\n');
}

describe('Use case: sampleImportJob answers a preview that fits a Lambda answer', () => {
  it('cuts a 5.5 MB sample of 90,000 columns to the first columns and says so', async () => {
    const body = wide(90_000, 2, 20);
    expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
    const { answer, size } = await sample(body, { maxColumns: 100_000, maxRowBytes: 4 * 1024 * 1024, maxJsonDepth: 64 });
    expect(size).toBeLessThan(LAMBDA_ANSWER_BYTES / 2);
    expect(answer.importJob.status).toBe('draft');
    const { sample: report } = answer;
    expect(report.truncated).toEqual({ rows: false, columns: true, cells: false });
    expect(report.headers).toHaveLength(PREVIEW_LIMITS.columns);
    expect(report.rows).toHaveLength(2);
    expect(report.rows.every((row) => row.length === PREVIEW_LIMITS.columns)).toBe(true);
    expect(Object.keys(report.suggestedMapping)).toHaveLength(PREVIEW_LIMITS.columns);
    expect(report.suggestedMapping).toMatchObject({ 'External ID': 'externalId', Amount: 'amount', Currency: 'currency' });
    expect(report.suggestedMapping[report.headers[4] as string]).toBe(`attributes.${report.headers[4]}`);
    // Every contract field is there.
    expect(Object.keys(report).sort()).toEqual(
      ['columnDelimiter', 'encoding', 'failure', 'headers', 'problems', 'rowDelimiter', 'rows', 'suggestedMapping', 'truncated'].sort(),
    );
  }, 120_000); // 5.5 MB through the CSV parser and the row checks

  it('with the default limits, fails the sample of 90,000 columns as a run would, in a small answer', async () => {
    const { answer, size } = await sample(wide(90_000, 1));
    expect(size).toBeLessThan(64 * 1024);
    expect(answer.importJob.status).toBe('sampling_failed');
    expect(answer.sample.failure).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('more than 2000 columns') });
  }, 60_000);

  it('leaves out rows past the byte budget, and still checks them', async () => {
    // 200 cells of 1,000 characters a row: 200 KB shown per row, so about five rows fit the 1 MB budget.
    const { answer, size } = await sample(wide(200, 8, 1_000), { maxColumns: 2_000, maxRowBytes: 4 * 1024 * 1024, maxJsonDepth: 64 });
    expect(size).toBeLessThan(2 * 1024 * 1024);
    const { sample: report } = answer;
    expect(report.truncated).toEqual({ rows: true, columns: false, cells: false });
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.length).toBeLessThan(8);
    expect(report.problems).toEqual([]);
  });

  it('cuts long cells to their first characters', async () => {
    const cell = 'v'.repeat(50_000);
    const body = Buffer.from(`externalId,amount,currency,occurredAt,note\ntx-1,1.00,EUR,2026-11-01,${cell}\ntx-2,1.00,XYZ,2026-11-01,short\n`);
    const { answer } = await sample(body);
    const { sample: report } = answer;
    expect(report.truncated).toEqual({ rows: false, columns: false, cells: true });
    expect(report.rows.map((row) => row[4])).toEqual([cell.slice(0, PREVIEW_LIMITS.cellChars), 'short']);
  });

  it.each([
    ['keeps the own mapping of', newJobBody()],
    ['adopts', newJobBody({ columnMapping: undefined })],
  ])('%s a field whose column is past the cut', async (_what, jobBody) => {
    const extra = Array.from({ length: 300 }, (_, i) => `col${i}`);
    const header = ['External ID', 'Amount', ...extra, 'Currency', 'Date', 'Occurred At'].join(',');
    const row = ['tx-1', '1.00', ...extra.map(() => 'x'), 'EUR', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z'].join(',');
    const { answer } = await sample(Buffer.from(`${header}\n${row}\n`), undefined, jobBody);
    expect(answer.importJob.status).toBe('draft');
    expect(answer.sample.truncated.columns).toBe(true);
    expect(answer.sample.headers).not.toContain('Currency');
    expect(answer.sample.suggestedMapping).toMatchObject({ 'External ID': 'externalId', Amount: 'amount', Currency: 'currency' });
    expect(answer.importJob.columnMapping).toMatchObject({ 'External ID': 'externalId', Amount: 'amount', Currency: 'currency' });
  });

  it('shows fewer columns when their names are long', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `${i}-`.padEnd(5_000, 'n'));
    const body = Buffer.from(`externalId,amount,currency,occurredAt,${names.join(',')}\ntx-1,1.00,EUR,2026-11-01\n`);
    const { answer, size } = await sample(body, { maxColumns: 2_000, maxRowBytes: 4 * 1024 * 1024, maxJsonDepth: 64 });
    expect(size).toBeLessThan(2 * 1024 * 1024);
    expect(answer.sample.truncated.columns).toBe(true);
    expect(answer.sample.headers.length).toBeLessThan(60);
    expect(answer.sample.suggestedMapping).toMatchObject({ externalId: 'externalId', amount: 'amount' });
  });
});
