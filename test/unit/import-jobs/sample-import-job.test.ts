import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { DomainError } from '../../../functions/core/errors';
import type { ImportJob, ImportJobStatus } from '../../../functions/core/import-jobs/import-job';
import { suggestMapping } from '../../../functions/core/import-jobs/sample';
import { detectEncoding } from '../../../functions/core/files/encoding';
import { adoptableColumns, suggestFromJobMapping } from '../../../functions/core/import-jobs/suggested-columns';
import { activateImportJob } from '../../../functions/core/use-cases/import-job-lifecycle';
import { createImportJob } from '../../../functions/core/use-cases/manage-import-jobs';
import { sampleImportJob, type SampleRequest } from '../../../functions/core/use-cases/sample-import-job';
import { createImportJobWorld, newJobBody } from '../../support/import-job-world';
import { principal } from '../../support/world';

const manager = principal('org-a', ['import-jobs:manage']);

async function setup(body: Record<string, unknown> = newJobBody()) {
  const world = createImportJobWorld();
  const { importJob } = await createImportJob(world.deps, manager, body);
  const stored = () => world.importJobs.jobs.get(importJob.id) as ImportJob;
  const force = (status: ImportJobStatus, extra: Partial<ImportJob> = {}) => world.importJobs.jobs.set(importJob.id, { ...stored(), status, ...extra });
  const sample = (request: Partial<SampleRequest> & { body: Buffer }) =>
    sampleImportJob(world.deps, manager, importJob.id, { fileName: 'sample.csv', contentType: 'text/csv', fields: {}, ...request });
  return { ...world, id: importJob.id, stored, force, sample };
}

const TX_HEADER = 'External ID;Amount;Currency;Date;Notes';

describe('Use case: sampleImportJob', () => {
  it('detects a Latin-1 file with ; delimiters and CRLF rows, and keeps that format for the runs', async () => {
    // Arrange
    const { sample, stored, samplingFailed } = await setup();
    const text = [TX_HEADER, 'tx-1;10.50;EUR;2026-11-01T10:00:00Z;Café crème', 'tx-2;3.20;EUR;2026-11-01T11:00:00Z;Ñandú'].join('\r\n') + '\r\n';
    // Act
    const answer = await sample({ body: iconv.encode(text, 'latin1') });
    // Assert
    expect(answer.sample).toEqual({
      encoding: 'iso-8859-1',
      columnDelimiter: ';',
      rowDelimiter: 'crlf',
      headers: ['External ID', 'Amount', 'Currency', 'Date', 'Notes'],
      rows: [
        ['tx-1', '10.50', 'EUR', '2026-11-01T10:00:00Z', 'Café crème'],
        ['tx-2', '3.20', 'EUR', '2026-11-01T11:00:00Z', 'Ñandú'],
      ],
      // The job's own mapping first (Date → occurredAt), then what the names suggest.
      suggestedMapping: { 'External ID': 'externalId', Amount: 'amount', Currency: 'currency', Date: 'occurredAt', Notes: 'attributes.Notes' },
      problems: [],
      failure: null,
      truncated: { rows: false, columns: false, cells: false },
    });
    expect(answer.importJob.status).toBe('draft');
    expect(stored()).toMatchObject({ status: 'draft', statusReason: null, format: { encoding: 'iso-8859-1', columnDelimiter: ';', rowDelimiter: 'auto' } });
    expect(samplingFailed.failed).toEqual([]);
  });

  it('ends sampling_failed on a binary file, with a reason a person can act on, and says so once', async () => {
    // Arrange
    const { sample, stored, samplingFailed } = await setup();
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(64, 7)]);
    // Act
    const answer = await sample({ fileName: 'export.xlsx', contentType: 'application/vnd.ms-excel', body: xlsx });
    // Assert
    expect(answer.importJob.status).toBe('sampling_failed');
    expect(answer.sample.failure?.code).toBe('FILE_UNREADABLE');
    expect(answer.importJob.statusReason).toMatch(/binary.*export it as CSV.*Change the encoding or delimiters, fix the mapping, or upload a new file/);
    expect(answer.sample).toMatchObject({ headers: [], rows: [], problems: [] });
    expect(stored().status).toBe('sampling_failed');
    expect(samplingFailed.failed.map((job) => [job.status, job.statusReason])).toEqual([['sampling_failed', answer.importJob.statusReason]]);
    expect(samplingFailed.fileNames).toEqual(['export.xlsx']);
  });

  it('names the columns a mapping expects and the file lacks', async () => {
    const { sample } = await setup(newJobBody({ columnMapping: { 'External ID': 'externalId', Monto: 'amount', Moneda: 'currency', Date: 'occurredAt' } }));
    const answer = await sample({ body: Buffer.from(`${TX_HEADER}\ntx-1;1;EUR;2026-11-01T10:00:00Z;x\n`) });
    expect(answer.importJob.status).toBe('sampling_failed');
    expect(answer.sample.failure).toEqual({
      code: 'MAPPING_MISMATCH',
      message: expect.stringContaining('"Monto", "Moneda"'),
      details: { missingColumns: ['Monto', 'Moneda'], headers: ['External ID', 'Amount', 'Currency', 'Date', 'Notes'] },
    });
    // What is there is still shown, to fix the mapping with.
    expect(answer.sample.headers).toHaveLength(5);
    expect(answer.sample.suggestedMapping['External ID']).toBe('externalId');
  });

  it('fails a file a run could not import for lack of a required column', async () => {
    const { sample } = await setup(newJobBody({ columnMapping: undefined }));
    const answer = await sample({ body: Buffer.from(`${TX_HEADER}\ntx-1;1;EUR;2026-11-01T10:00:00Z;x\n`) });
    expect(answer.sample.failure).toMatchObject({ code: 'MISSING_REQUIRED_COLUMNS', details: { missingFields: ['occurredAt'] } });
    expect(answer.importJob.statusReason).toContain('No column maps to occurredAt');
  });

  it('lists per-row problems of the preview rows, as a run would find them, and shows only the first 20 rows', async () => {
    // Arrange
    const { sample } = await setup();
    const lines = ['External ID,Amount,Currency,Date'];
    for (let i = 1; i <= 50; i++) lines.push(`tx-${i},${i === 3 ? '12;50' : `${i}.00`},${i === 5 ? 'EURO' : 'EUR'},2026-11-01T10:00:00Z`);
    // Act
    const answer = await sample({ body: Buffer.from(lines.join('\n')) });
    // Assert
    expect(answer.importJob.status).toBe('draft');
    expect(answer.sample.columnDelimiter).toBe(',');
    expect(answer.sample.rowDelimiter).toBe('lf');
    expect(answer.sample.rows).toHaveLength(20);
    expect(answer.sample.rows[19]).toEqual(['tx-20', '20.00', 'EUR', '2026-11-01T10:00:00Z']);
    expect(answer.sample.problems).toEqual([
      { rowNumber: 4, code: 'VALIDATION_ERROR', message: expect.stringContaining('amount') },
      { rowNumber: 6, code: 'VALIDATION_ERROR', message: expect.stringContaining('currency') },
    ]);
  });

  it('uses the options sent and detects only the others', async () => {
    const { sample, stored } = await setup();
    const answer = await sample({
      body: Buffer.from('External ID|Amount|Currency|Date\rtx-1|1.00|EUR|2026-11-01T10:00:00Z\r'),
      fields: { columnDelimiter: 'pipe', rowDelimiter: 'cr' },
    });
    expect(answer.sample).toMatchObject({ encoding: 'utf-8', columnDelimiter: '|', rowDelimiter: 'cr', problems: [], failure: null });
    expect(stored().format).toEqual({ encoding: 'utf-8', columnDelimiter: '|', rowDelimiter: 'cr' });
  });

  it('tells a person who said UTF-8 which encoding the file looks like', async () => {
    const { sample } = await setup();
    const answer = await sample({ body: iconv.encode(`${TX_HEADER}\r\ntx-1;1;EUR;2026-11-01;Crème\r\n`, 'latin1'), fields: { encoding: 'utf-8' } });
    expect(answer.importJob.status).toBe('sampling_failed');
    expect(answer.sample.failure).toMatchObject({ code: 'ENCODING_ERROR', details: { detectedEncoding: 'iso-8859-1' } });
    expect(answer.importJob.statusReason).toContain('set encoding to iso-8859-1');
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['blank lines only', Buffer.from('\n\n\n'), 'EMPTY_FILE'],
    ['a first row of data', Buffer.from('1,2.50,2026-11-01\n2,3.50,2026-11-02\n'), 'NO_HEADER'],
    ['bad gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]), 'FILE_UNREADABLE'],
  ])('fails %s with %s', async (_case, body, code) => {
    const { sample } = await setup();
    const answer = await sample({ body, fileName: code === 'FILE_UNREADABLE' ? 'sample.csv.gz' : 'sample.csv' });
    expect(answer.importJob.status).toBe('sampling_failed');
    expect(answer.sample.failure?.code).toBe(code);
  });

  it('reads a gzip-compressed sample and a UTF-16 one', async () => {
    const { sample } = await setup();
    const csv = 'External ID,Amount,Currency,Date\ntx-1,1.00,EUR,2026-11-01T10:00:00Z\n';
    const gz = await sample({ fileName: 'sample.csv.gz', body: gzipSync(Buffer.from(csv)) });
    expect(gz.sample).toMatchObject({ encoding: 'utf-8', rows: [['tx-1', '1.00', 'EUR', '2026-11-01T10:00:00Z']], failure: null });
    const utf16 = await sample({ body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]) });
    expect(utf16.sample).toMatchObject({ encoding: 'utf-16', headers: ['External ID', 'Amount', 'Currency', 'Date'], failure: null });
  });

  it('logs a listener that throws and still answers the failed sample', async () => {
    const { sample, deps, stored } = await setup();
    const { logger } = deps;
    deps.samplingFailed.samplingFailed = async () => {
      throw new Error('mail down');
    };
    const answer = await sample({ body: Buffer.alloc(0) });
    expect(answer.importJob.status).toBe('sampling_failed');
    expect(stored().status).toBe('sampling_failed');
    expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes('listener'))).toBe(true);
  });

  it('lets a job without a mapping adopt the suggested one, so it can be activated right after sampling', async () => {
    // Arrange: headers that match the fields directly, plus one extra column
    const { sample, stored, deps, id, scheduler } = await setup(newJobBody({ columnMapping: undefined }));
    // Act
    const answer = await sample({ body: Buffer.from('externalId,Amount,currency,Occurred At,Notes\ntx-1,1,EUR,2026-11-01T10:00:00Z,x\n') });
    const activated = await activateImportJob(deps, manager, id);
    // Assert: the columns onto fields are the job's mapping; Notes stays an attribute without naming it
    expect(answer.sample.suggestedMapping).toEqual({
      externalId: 'externalId',
      Amount: 'amount',
      currency: 'currency',
      'Occurred At': 'occurredAt',
      Notes: 'attributes.Notes',
    });
    const adopted = { externalId: 'externalId', Amount: 'amount', currency: 'currency', 'Occurred At': 'occurredAt' };
    expect(answer.importJob).toMatchObject({ status: 'draft', columnMapping: adopted, mappingId: null });
    expect(stored().columnMapping).toEqual(adopted);
    expect(activated.importJob.status).toBe('active');
    expect(scheduler.schedules.size).toBe(1);
  });

  it('adopts nothing from a sample that fails, and keeps a mapping the job already has', async () => {
    const failing = await setup(newJobBody({ columnMapping: undefined }));
    await failing.sample({ body: Buffer.from(`${TX_HEADER}\ntx-1;1;EUR;2026-11-01T10:00:00Z;x\n`) });
    expect(failing.stored()).toMatchObject({ status: 'sampling_failed', columnMapping: null, mappingId: null });

    const mapped = await setup();
    const before = mapped.stored().columnMapping;
    await mapped.sample({ body: Buffer.from(`${TX_HEADER}\ntx-1;1;EUR;2026-11-01T10:00:00Z;x\n`) });
    expect(mapped.stored()).toMatchObject({ status: 'draft', columnMapping: before });
  });

  it('adopts no mapping that a PATCH could not set (a column name over 200 characters)', async () => {
    const { sample, stored } = await setup(newJobBody({ columnMapping: undefined }));
    const longAmount = `amount${'_'.repeat(200)}`;
    const answer = await sample({ body: Buffer.from(`externalId,${longAmount},currency,occurredAt\ntx-1,1,EUR,2026-11-01T10:00:00Z\n`) });
    expect(answer.sample.suggestedMapping[longAmount]).toBe('amount');
    expect(stored()).toMatchObject({ status: 'draft', columnMapping: null });
  });

  it("starts the suggestion from the job's saved mapping (mappingId)", async () => {
    // Arrange: a saved mapping that reads Fecha as occurredAt and keeps Amount out of the amount field
    const world = await setup(newJobBody({ columnMapping: undefined }));
    world.deps.mappings.mappings.set('map-1', {
      id: 'map-1',
      orgId: 'org-a',
      name: 'Spanish export',
      target: 'transaction',
      columnMapping: { Fecha: 'occurredAt', Monto: 'amount', Amount: 'attributes.usdAmount' },
      defaultFields: {},
      headersSnapshot: [],
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    world.force('draft', { mappingId: 'map-1' });
    // Act
    const answer = await world.sample({ body: Buffer.from('External ID,Monto,Amount,Currency,Fecha,amount\ntx-1,1,1.1,EUR,2026-11-01T10:00:00Z,9\n') });
    // Assert: the mapping's columns as it says, the rest by name, but no second column into a field it fills
    expect(answer.sample.suggestedMapping).toEqual({
      'External ID': 'externalId',
      Monto: 'amount',
      Amount: 'attributes.usdAmount',
      Currency: 'currency',
      Fecha: 'occurredAt',
      amount: 'attributes.amount',
    });
    expect(world.stored()).toMatchObject({ status: 'draft', mappingId: 'map-1', columnMapping: null });
  });

  it('samples again after a failed sample, and goes back to draft', async () => {
    const { sample, stored } = await setup();
    await sample({ body: Buffer.alloc(0) });
    expect(stored().status).toBe('sampling_failed');
    const answer = await sample({ body: Buffer.from('External ID,Amount,Currency,Date\ntx-1,1,EUR,2026-11-01T10:00:00Z\n') });
    expect(answer.importJob).toMatchObject({ status: 'draft', statusReason: null });
  });

  it.each(['active', 'paused', 'halted', 'completed', 'sampling'] as const)('refuses to sample a job that is %s (409)', async (status) => {
    const { sample, force, stored } = await setup();
    force(status);
    const error = await sample({ body: Buffer.from('a,b\n1,2\n') }).catch((e: DomainError) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect([(error as DomainError).code, (error as DomainError).details]).toEqual(['INVALID_STATUS_TRANSITION', { from: status, to: 'sampling' }]);
    expect(stored().status).toBe(status);
  });

  it('takes over a sampling left behind by a request that died', async () => {
    const { sample, force, clock } = await setup();
    force('sampling', { updatedAt: clock.now().toISOString() });
    clock.advance(3 * 60_000);
    const answer = await sample({ body: Buffer.from('External ID,Amount,Currency,Date\ntx-1,1,EUR,2026-11-01T10:00:00Z\n') });
    expect(answer.importJob.status).toBe('draft');
  });

  it('refuses a JSON sample and bad options before the job moves', async () => {
    const { sample, stored } = await setup();
    const json = await sample({ fileName: 'items.json', contentType: 'application/json', body: Buffer.from('[]') }).catch((e: DomainError) => e);
    expect((json as DomainError).code).toBe('UNSUPPORTED_FORMAT');
    const bad = await sample({ body: Buffer.from('a\n'), fields: { encoding: 'ebcdic' } }).catch((e: DomainError) => e);
    expect((bad as DomainError).code).toBe('VALIDATION_ERROR');
    const unknown = await sample({ body: Buffer.from('a\n'), fields: { mapping: 'x' } }).catch((e: DomainError) => e);
    expect((unknown as DomainError).code).toBe('VALIDATION_ERROR');
    expect(stored().status).toBe('draft');
  });
});

describe('Function: detectEncoding', () => {
  it.each([
    ['UTF-8', Buffer.from('Crème brûlée, 10 €'), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.from('\uFEFFa,b'), 'utf-8'],
    ['ISO-8859-1', iconv.encode('Crème brûlée', 'latin1'), 'iso-8859-1'],
    ['Windows-1252 (the euro sign is 0x80)', iconv.encode('Crème, 10 €', 'win1252'), 'windows-1252'],
    ['UTF-16 LE with a BOM', Buffer.from([0xff, 0xfe, 0x61, 0x00]), 'utf-16'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'binary'],
  ])('%s → %s', (_case, bytes, expected) => {
    expect(detectEncoding(bytes)).toBe(expected);
  });
});

describe('Function: suggestMapping', () => {
  it('matches exact and normalised names, one column per field, and sends the rest to attributes', () => {
    expect(suggestMapping('entity_automatic', ['Tax ID', 'TYPE', 'tax_id', 'Razón social', 'e-mail', 'email'])).toEqual({
      'Tax ID': 'taxId',
      TYPE: 'type',
      tax_id: 'attributes.tax_id',
      'Razón social': 'attributes.Razón social',
      'e-mail': 'email',
      email: 'attributes.email',
    });
  });
});

describe('Function: suggestFromJobMapping and adoptableColumns', () => {
  it('keeps what the job maps, fills in the rest by name, and leaves out mapped columns the file lacks', () => {
    const byName = suggestMapping('transaction_batch', ['id', 'amount', 'Currency', 'When', 'Notes']);
    expect(suggestFromJobMapping({ id: 'externalId', When: 'occurredAt', Gone: 'description', Notes: 'description' }, ['id', 'amount', 'Currency', 'When', 'Notes'], byName)).toEqual({
      id: 'externalId',
      amount: 'amount',
      Currency: 'currency',
      When: 'occurredAt',
      Notes: 'description',
    });
    expect(suggestFromJobMapping(null, ['amount'], byName)).toEqual(byName);
    // A field the job maps from a column this file lacks is free for a column named after it.
    expect(suggestFromJobMapping({ Betrag: 'amount' }, ['amount'], { amount: 'amount' })).toEqual({ amount: 'amount' });
  });

  it('adopts every column a run would not read the same way on its own', () => {
    // tax_id repeats taxId's name: the run would read it into taxId, so its attributes entry must stay.
    const suggestion = suggestMapping('entity_automatic', ['Tax ID', 'tax_id', 'Type', 'Segment']);
    expect(adoptableColumns('entity_automatic', suggestion)).toEqual({ 'Tax ID': 'taxId', tax_id: 'attributes.tax_id', Type: 'type' });
  });
});
