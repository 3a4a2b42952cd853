import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { runTag } from '../support/generate';
import { baseUrl, demoKey, uploadAndWait } from '../support/service-client';

jest.setTimeout(180_000);

type Defect = 'amount' | 'currency' | 'date' | 'missing-id' | 'duplicate-id';

interface Expected {
  readonly line: number;
  readonly field: string;
  readonly code: string;
  readonly externalId: string;
}

/**
 * 1,000 transactions, 137 of them wrong in known ways; valid rows carry quoted newlines (so rows and lines differ)
 * and some wrong rows carry formula-leading ids and descriptions. Returns the file and, per wrong row, the line it
 * starts on and the field that is wrong.
 */
function buildFile(tag: string): { csv: string; expected: Expected[] } {
  const defects: Defect[] = [
    ...Array<Defect>(30).fill('amount'),
    ...Array<Defect>(30).fill('currency'),
    ...Array<Defect>(30).fill('date'),
    ...Array<Defect>(27).fill('missing-id'),
    ...Array<Defect>(20).fill('duplicate-id'),
  ];
  const rows: string[][] = [];
  const expected: Expected[] = [];
  let line = 2; // the header is line 1
  for (let i = 1; i <= 1000; i++) {
    // Every 7th row is wrong until the 137 defects are used up.
    const defect = i % 7 === 0 ? defects.shift() : undefined;
    let externalId = `${tag}-${i}`;
    let amount = `${i}.50`;
    let currency = 'EUR';
    let occurredAt = '2026-11-01T10:00:00Z';
    let description = i % 10 === 1 ? `line one of ${i}\nline two` : `payment ${i}`;
    if (defect === 'amount') amount = '12,50';
    if (defect === 'currency') {
      currency = 'EURO';
      externalId = `=HYPERLINK("http://x.test/${tag}-${i}")`;
      description = '=1+1';
    }
    if (defect === 'date') occurredAt = '31/12/2026';
    if (defect === 'missing-id') externalId = '';
    if (defect === 'duplicate-id') externalId = `${tag}-${i - 1}`;
    rows.push([externalId, amount, currency, occurredAt, description]);
    if (defect) {
      const field = { amount: 'amount', currency: 'currency', date: 'occurredAt', 'missing-id': 'externalId', 'duplicate-id': 'externalId' }[defect];
      const code = defect === 'duplicate-id' ? 'DUPLICATE_EXTERNAL_ID' : 'VALIDATION_ERROR';
      expected.push({ line, field, code, externalId });
    }
    line += description.split('\n').length;
  }
  expect(expected).toHaveLength(137);
  const csv = stringify([['externalId', 'amount', 'currency', 'occurredAt', 'description'], ...rows]);
  return { csv, expected };
}

async function get(path: string): Promise<Response> {
  return fetch(`${baseUrl()}${path}`, { headers: { authorization: `Bearer ${demoKey()}` } });
}

describe('E2E: 137 wrong rows out of 1,000: find them, fix them, upload them again', () => {
  it('reports every failure by line and field, neutralises formulas in failures.csv, and failed-rows.csv re-imports to zero failures', async () => {
    const tag = `r${runTag()}`;
    const { csv, expected } = buildFile(tag);

    const { job } = await uploadAndWait('transactions', [{ fileName: 'transactions.csv', content: csv }]);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'partially_completed', totalItems: 1000, succeeded: 863, failed: 137, skipped: 0 });

    // The failures, JSON: every one names its line, its field and its code.
    const report = (await (await get(`/batch-import/transaction-jobs/${job.jobId}/failures`)).json()) as {
      failures: Array<{ externalId?: string; code: string; message: string; rowNumber: number; field?: string }>;
      failuresTotal: number;
      truncated: boolean;
    };
    expect(report).toMatchObject({ failuresTotal: 137, truncated: false });
    const byLine = [...report.failures].sort((a, b) => a.rowNumber - b.rowNumber);
    expect(byLine.map((f) => [f.rowNumber, f.field, f.code])).toEqual(expected.map((e) => [e.line, e.field, e.code]));

    // failures.csv: formula-leading cells are neutralised.
    const failuresCsv = await (await get(`/batch-import/transaction-jobs/${job.jobId}/failures.csv`)).text();
    const reportRows = parse(failuresCsv, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(reportRows[0] ?? {}).slice(0, 3)).toEqual(['external_id', 'code', 'error']);
    expect(reportRows).toHaveLength(137);
    const formulaIds = reportRows.map((r) => r.external_id ?? '').filter((id) => id.includes('HYPERLINK'));
    expect(formulaIds).toHaveLength(30);
    for (const id of formulaIds) expect(id.startsWith("'=")).toBe(true);

    // failed-rows.csv: the original header and cells, unchanged, plus the error columns.
    const failedRowsCsv = await (await get(`/batch-import/jobs/${job.jobId}/failed-rows.csv`)).text();
    const failedRows = parse(failedRowsCsv, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(failedRows[0] ?? {})).toEqual(['externalId', 'amount', 'currency', 'occurredAt', 'description', 'error_code', 'error_message']);
    expect(failedRows).toHaveLength(137);
    expect(failedRows.filter((r) => r.description === '=1+1')).toHaveLength(30);

    // Fix each row the way its error says, drop the error columns, and upload again.
    const fixed = failedRows.map((row, i) => {
      const copy = { ...row };
      if (copy.error_code === 'DUPLICATE_EXTERNAL_ID' || copy.externalId === '' || copy.externalId?.startsWith('=')) {
        copy.externalId = `${tag}-fixed-${i}`;
      }
      if (!/^-?\d+(\.\d+)?$/.test(copy.amount ?? '')) copy.amount = '12.50';
      if (copy.currency === 'EURO') copy.currency = 'EUR';
      if (copy.occurredAt === '31/12/2026') copy.occurredAt = '2026-12-31';
      delete copy.error_code;
      delete copy.error_message;
      return copy;
    });
    const again = await uploadAndWait('transactions', [{ fileName: 'fixed.csv', content: stringify(fixed, { header: true }) }]);
    expect(again.job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 137, succeeded: 137, failed: 0 });
  });
});
