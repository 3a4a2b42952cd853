import { parse } from 'csv-parse/sync';
import { reportKey } from '../../../functions/core/files/object-keys';
import { neutraliseFormula } from '../../../functions/core/reports/neutralise';
import {
  exportFailedRowsCsv,
  exportFailuresCsv,
  getFailures,
} from '../../../functions/core/use-cases/get-failure-reports';
import { csvFile, createWorld, principal } from '../../support/world';

const TX_HEADER = 'externalId,amount,currency,occurredAt,description';
const at = '2026-11-01T10:00:00Z';

function setup() {
  const world = createWorld();
  const downloads = { ...world.deps, downloadUrlTtlSeconds: 60, finalReportDelaySeconds: 60 };
  const csvOf = (jobId: string, fileName: string) => world.deps.objects.text(reportKey(jobId, fileName)) ?? '';
  return { world, downloads, csvOf, p: principal() };
}

const rows = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('Use case: failure reports (§8)', () => {
  describe('failures JSON body', () => {
    it('lists transaction failures with externalId, code, message, rowNumber, field and the offending value', async () => {
      // Arrange
      const { world, p } = setup();
      const jobId = await world.importFiles(p, 'transaction_batch', [
        csvFile('t.csv', [TX_HEADER, `ok-1,1.00,USD,${at},fine`, `bad-1,1.00,EURO,${at},x`, `,1.00,USD,${at},x`, 'short,1']),
      ]);
      // Act
      const body = await getFailures(world.deps, p, jobId, 'transaction_batch');
      // Assert
      expect(body).toEqual({
        success: true,
        jobId,
        kind: 'transaction_batch',
        status: 'completed',
        totalItems: 4,
        succeeded: 1,
        failed: 3,
        skipped: 0,
        failures: [
          { externalId: 'bad-1', code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 3, field: 'currency', value: 'EURO' },
          { externalId: null, code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 4, field: 'externalId' },
          { externalId: null, code: 'MALFORMED_ROW', message: 'Expected 5 columns, found 2', rowNumber: 5 },
        ],
        truncated: false,
        failuresTotal: 3,
      });
    });

    it('keys user event failures by line: row_<n>', async () => {
      // Arrange
      const { world, p } = setup();
      const jobId = await world.importFiles(p, 'user_event_batch', [
        csvFile('e.csv', ['eventType,userId,occurredAt', `login,u1,${at}`, `login,,${at}`]),
      ]);
      // Act
      const body = await getFailures(world.deps, p, jobId, 'user_event_batch');
      // Assert
      expect(body.failures).toEqual([
        { rowKey: 'row_3', code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 3, field: 'userId' },
      ]);
    });

    it('lists entity failures and skips apart, with skipsTotal', async () => {
      // Arrange
      const { world, p } = setup();
      const jobId = await world.importFiles(p, 'entity_automatic', [
        csvFile('e.csv', ['taxId,type,name', '20-1,company,Acme', '20-1,company,Acme again', '20-1,person,Wrong type', '20-2,alien,X']),
      ]);
      // Act
      const body = await getFailures(world.deps, p, jobId, 'entity_automatic');
      // Assert
      expect(body).toMatchObject({ failed: 2, skipped: 1, failuresTotal: 2, skipsTotal: 1, truncated: false });
      expect(body.failures).toEqual([
        { taxId: '20-1', type: 'person', outcome: 'failed', code: 'TAX_ID_TYPE_MISMATCH', message: expect.any(String), rowNumber: 4, field: 'type', value: 'person' },
        { taxId: '20-2', type: 'alien', outcome: 'failed', code: 'VALIDATION_ERROR', message: expect.any(String), rowNumber: 5, field: 'type', value: 'alien' },
      ]);
      expect(body.skips).toEqual([{ taxId: '20-1', type: 'company', outcome: 'skipped_existing', code: 'SKIPPED_DUPLICATE_TAX_ID' }]);
    });

    it.each([
      [500, false],
      [501, true],
      [1_200, true],
    ])('with %i failures lists at most 500 (truncated: %s) and counts them all', async (count, truncated) => {
      // Arrange
      const { world, p } = setup();
      const lines = [TX_HEADER, ...Array.from({ length: count }, (_, i) => `t-${i},1.00,EURO,${at},x`)];
      const jobId = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', lines)]);
      // Act
      const body = await getFailures(world.deps, p, jobId);
      // Assert
      expect(body.failures).toHaveLength(Math.min(count, 500));
      expect(body.failures[0]).toMatchObject({ externalId: 't-0', rowNumber: 2 });
      expect(body.failures.map((f) => f.rowNumber)).toEqual([...body.failures.map((f) => f.rowNumber)].sort((a, b) => a - b));
      expect(body).toMatchObject({ truncated, failuresTotal: count, failed: count });
    });

    it('carries the jobFailure of a run that failed before any row, with no failures', async () => {
      // Arrange
      const { world, p } = setup();
      const jobId = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', ['id,value', '1,2'])]);
      // Act
      const body = await getFailures(world.deps, p, jobId);
      // Assert
      expect(body).toMatchObject({ status: 'failed', failures: [], truncated: false, failuresTotal: 0, jobFailure: { code: 'MISSING_REQUIRED_COLUMNS' } });
    });

    it('answers 404 for another org and for a job of another kind, 403 without a read scope', async () => {
      // Arrange
      const { world, p } = setup();
      const jobId = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', [TX_HEADER, `x,1,EURO,${at},x`])]);
      // Act / Assert
      await expect(getFailures(world.deps, principal('org-b'), jobId)).rejects.toMatchObject({ statusCode: 404 });
      await expect(getFailures(world.deps, p, jobId, 'entity_automatic')).rejects.toMatchObject({ statusCode: 404 });
      await expect(getFailures(world.deps, principal('org-a', ['import-jobs:manage']), jobId)).rejects.toMatchObject({ statusCode: 403 });
      await expect(getFailures(world.deps, principal('org-a', ['events:create']), jobId)).resolves.toMatchObject({ failed: 1 });
    });
  });

  describe('failures.csv', () => {
    it('has the kind columns first, every failure, and a presigned download', async () => {
      // Arrange
      const { world, downloads, csvOf, p } = setup();
      const lines = [TX_HEADER, ...Array.from({ length: 700 }, (_, i) => `t-${i},1.00,EURO,${at},x`)];
      const jobId = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', lines)]);
      // Act
      const download = await exportFailuresCsv(downloads, p, jobId, 'transaction_batch');
      // Assert
      expect(download.fileName).toBe(`transaction-failures-${jobId}.csv`);
      expect(download.url).toContain(reportKey(jobId, download.fileName));
      const csv = rows(csvOf(jobId, download.fileName));
      expect(csv[0]).toEqual(['external_id', 'code', 'error', 'row_number', 'field']);
      expect(csv).toHaveLength(701);
      expect(csv[700]).toEqual(['t-699', 'VALIDATION_ERROR', expect.any(String), '701', 'currency']);
      expect(world.deps.objects.objects.get(reportKey(jobId, download.fileName))?.contentType).toMatch(/^text\/csv/);
    });

    it('neutralises every cell that a spreadsheet would run as a formula, tab and CR included', async () => {
      // Arrange
      const { world, downloads, csvOf, p } = setup();
      const ids = ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain'];
      const lines = [TX_HEADER, ...ids.map((id) => `"${id}",1.00,EURO,${at},x`)];
      const jobId = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', lines)]);
      // Act
      const download = await exportFailuresCsv(downloads, p, jobId, 'transaction_batch');
      // Assert
      const csv = rows(csvOf(jobId, download.fileName));
      expect(csv.slice(1).map((row) => row[0])).toEqual(["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'plain']);
    });

    it('lists entity failures and skips with their outcome', async () => {
      // Arrange
      const { world, downloads, csvOf, p } = setup();
      const jobId = await world.importFiles(p, 'entity_automatic', [
        csvFile('e.csv', ['taxId,type,name', '20-1,company,Acme', '20-1,company,Again', '20-1,person,Wrong']),
      ]);
      // Act
      const download = await exportFailuresCsv(downloads, p, jobId, 'entity_automatic');
      // Assert
      expect(rows(csvOf(jobId, download.fileName))).toEqual([
        ['tax_id', 'type', 'outcome', 'code', 'error_message', 'row_number', 'field'],
        ['20-1', 'company', 'skipped_existing', 'SKIPPED_DUPLICATE_TAX_ID', expect.any(String), '3', ''],
        ['20-1', 'person', 'failed', 'TAX_ID_TYPE_MISMATCH', expect.any(String), '4', 'type'],
      ]);
    });
  });

  describe('failed-rows.csv', () => {
    it('gives back the original header and the failed rows unchanged, formulas and quoted newlines included', async () => {
      // Arrange
      const { world, downloads, csvOf, p } = setup();
      const jobId = await world.importFiles(p, 'transaction_batch', [
        csvFile('t.csv', [
          TX_HEADER,
          `ok-1,1.00,USD,${at},fine`,
          `bad-1,1.00,EURO,${at},"=HYPERLINK(""http://evil"")"`,
          `bad-2,1.00,EURO,${at},"two\nlines, and a comma"`,
          'short,1',
        ]),
      ]);
      // Act
      const download = await exportFailedRowsCsv(downloads, p, jobId);
      // Assert
      expect(download.fileName).toBe(`failed-rows-${jobId}.csv`);
      expect(rows(csvOf(jobId, download.fileName))).toEqual([
        [...TX_HEADER.split(','), 'error_code', 'error_message'],
        ['bad-1', '1.00', 'EURO', at, '=HYPERLINK("http://evil")', 'VALIDATION_ERROR', expect.any(String)],
        ['bad-2', '1.00', 'EURO', at, 'two\nlines, and a comma', 'VALIDATION_ERROR', expect.any(String)],
        ['short', '1', '', '', '', 'MALFORMED_ROW', 'Expected 5 columns, found 2'],
      ]);
    });

    it('can be fixed and uploaded again: the same header imports, its error columns aside', async () => {
      // Arrange
      const { world, downloads, csvOf, p } = setup();
      const first = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', [TX_HEADER, `fix-1,1.00,EURO,${at},x`])]);
      const download = await exportFailedRowsCsv(downloads, p, first);
      const fixed = csvOf(first, download.fileName).replace('EURO', 'EUR');
      // Act
      const second = await world.importFiles(p, 'transaction_batch', [{ fileName: 'fixed.csv', contentType: 'text/csv', body: Buffer.from(fixed) }]);
      // Assert
      expect(await world.deps.runs.get(second)).toMatchObject({ succeeded: 1, failed: 0 });
    });

    it('answers the failed items of an NDJSON upload as CSV, columns the union of their keys', async () => {
      // Arrange
      const { world, downloads, csvOf, p } = setup();
      const items = [
        { externalId: 'n-1', amount: '1.00', currency: 'EURO', occurredAt: at },
        { externalId: 'n-2', amount: '2.00', currency: 'USD', occurredAt: at },
        { externalId: 'n-3', amount: 'x', currency: 'USD', occurredAt: at, attributes: { a: 1 } },
      ];
      const body = Buffer.from(items.map((item) => JSON.stringify(item)).join('\n') + '\n');
      const jobId = await world.importFiles(p, 'transaction_batch', [{ fileName: 't.ndjson', contentType: 'application/x-ndjson', body }]);
      // Act
      const download = await exportFailedRowsCsv(downloads, p, jobId);
      // Assert
      expect(rows(csvOf(jobId, download.fileName))).toEqual([
        ['externalId', 'amount', 'currency', 'occurredAt', 'attributes', 'error_code', 'error_message'],
        ['n-1', '1.00', 'EURO', at, '', 'VALIDATION_ERROR', expect.any(String)],
        ['n-3', 'x', 'USD', at, '{"a":1}', 'VALIDATION_ERROR', expect.any(String)],
      ]);
    });
  });

  describe('a damaged failure document', () => {
    it('fails the report instead of writing a partial one', async () => {
      // Arrange
      const { world, downloads, p } = setup();
      const jobId = await world.importFiles(p, 'transaction_batch', [csvFile('t.csv', [TX_HEADER, `x,1,EURO,${at},x`])]);
      await world.deps.objects.put(`failures/${jobId}/00-0000001.ndjson`, '{"rowNumber":"three"}\n', 'application/x-ndjson');
      // Act / Assert
      await expect(exportFailuresCsv(downloads, p, jobId, 'transaction_batch')).rejects.toThrow(/00-0000001\.ndjson line 1/);
      await expect(getFailures(world.deps, p, jobId)).rejects.toThrow(/line 1/);
    });
  });

  describe('neutraliseFormula', () => {
    it.each([
      ['=A1', "'=A1"],
      ['+A1', "'+A1"],
      ['-A1', "'-A1"],
      ['@A1', "'@A1"],
      ['\tA1', "'\tA1"],
      ['\rA1', "'\rA1"],
      ['A=1', 'A=1'],
      ['', ''],
    ])('%j → %j', (cell, expected) => {
      expect(neutraliseFormula(cell)).toBe(expected);
    });
  });
});
