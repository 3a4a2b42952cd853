import { processChunk } from '../../../functions/core/use-cases/process-chunk';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { unprocessedOf } from '../../../functions/core/runs/run';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

describe('Use cases: upload → split → process (over fakes)', () => {
  it('imports every row and ends completed with exact counters', async () => {
    const { deps, stream, importFiles } = createWorld({ chunkMaxRows: 7 });
    const jobId = await importFiles(principal(), 'transaction_batch', [csvFile('tx.csv', transactionLines(100))]);
    const run = await deps.runs.get(jobId);
    expect(run).toMatchObject({ state: 'completed', phase: 'completed', totalItems: 100, succeeded: 100, failed: 0, skipped: 0 });
    expect(stream.ended.map((r) => [r.runId, r.state])).toEqual([[jobId, 'completed']]);
    expect(run?.totalChunks).toBe(15);
    expect(run?.files[0]?.header).toEqual(['externalId', 'amount', 'currency', 'occurredAt']);
    expect(deps.records.items.size).toBe(100);
  });

  it('ends partially_completed with exact failed and succeeded counts and keeps the failures', async () => {
    const { deps, importFiles } = createWorld({ chunkMaxRows: 4 });
    const lines = transactionLines(10);
    lines[3] = 'tx-3,not-a-number,USD,2026-11-01T10:00:00Z';
    lines[7] = 'tx-7,7.25,DOLLARS,2026-11-01T10:00:00Z';
    const jobId = await importFiles(principal(), 'transaction_batch', [csvFile('tx.csv', lines)]);
    const run = await deps.runs.get(jobId);
    expect(run).toMatchObject({ state: 'completed', phase: 'partially_completed', totalItems: 10, succeeded: 8, failed: 2 });
    const failures = [...deps.objects.objects.keys()].filter((k) => k.startsWith('failures/'));
    const rows = failures.flatMap((k) => (deps.objects.text(k) ?? '').trim().split('\n').map((l) => JSON.parse(l)));
    expect(rows.map((r) => [r.rowNumber, r.code, r.field])).toEqual([
      [4, 'VALIDATION_ERROR', 'amount'],
      [8, 'VALIDATION_ERROR', 'currency'],
    ]);
  });

  it('skips entities already imported: one record per taxId after two uploads', async () => {
    const { deps, importFiles } = createWorld();
    const file = csvFile('e.csv', ['taxId,type,name', '1,person,Ann', '2,company,Acme', '3,person,Bo']);
    const first = await importFiles(principal(), 'entity_automatic', [file]);
    const second = await importFiles(principal(), 'entity_automatic', [file]);
    expect(await deps.runs.get(first)).toMatchObject({ succeeded: 3, skipped: 0 });
    expect(await deps.runs.get(second)).toMatchObject({ phase: 'completed', succeeded: 0, skipped: 3, failed: 0 });
    expect(deps.records.items.size).toBe(3);
    const codes = [...deps.objects.objects.entries()]
      .filter(([key]) => key.startsWith(`failures/${second}/`))
      .flatMap(([, object]) => object.body.toString().trim().split('\n').map((line) => JSON.parse(line).code));
    expect(codes).toEqual(['SKIPPED_ENTITY_ALREADY_EXISTS', 'SKIPPED_ENTITY_ALREADY_EXISTS', 'SKIPPED_ENTITY_ALREADY_EXISTS']);
  });

  it('fails an entity whose taxId exists with another type', async () => {
    const { deps, importFiles } = createWorld();
    await importFiles(principal(), 'entity_automatic', [csvFile('a.csv', ['taxId,type', '1,person'])]);
    const jobId = await importFiles(principal(), 'entity_automatic', [csvFile('b.csv', ['taxId,type', '1,company'])]);
    expect(await deps.runs.get(jobId)).toMatchObject({ failed: 1, phase: 'partially_completed' });
  });

  it('classifies a taxId repeated inside one file as a skip, whatever chunk it lands in', async () => {
    const { deps, importFiles } = createWorld({ chunkMaxRows: 2 });
    const jobId = await importFiles(principal(), 'entity_automatic', [
      csvFile('e.csv', ['taxId,type', '1,person', '1,person', '2,person', '1,person']),
    ]);
    expect(await deps.runs.get(jobId)).toMatchObject({ totalItems: 4, succeeded: 2, skipped: 2 });
    const problems = [...deps.objects.objects.entries()]
      .filter(([key]) => key.startsWith(`failures/${jobId}/`))
      .flatMap(([, object]) => object.body.toString().trim().split('\n').map((line) => JSON.parse(line)));
    expect(problems.map((p) => [p.rowNumber, p.code])).toEqual([
      [3, 'SKIPPED_DUPLICATE_TAX_ID'],
      [5, 'SKIPPED_DUPLICATE_TAX_ID'],
    ]);
  });

  it('fails duplicate transaction externalIds, or skips them with skipDuplicates', async () => {
    const { deps, importFiles } = createWorld();
    const file = csvFile('t.csv', transactionLines(3));
    await importFiles(principal(), 'transaction_batch', [file]);
    const failedRun = await importFiles(principal(), 'transaction_batch', [file]);
    // A duplicate is found while writing; it still carries the row as read, for failed-rows.csv.
    const stored = [...deps.objects.objects.entries()].filter(([key]) => key.startsWith(`failures/${failedRun}/`));
    const first = JSON.parse(stored[0]![1].body.toString().split('\n')[0]!);
    expect(first).toMatchObject({ rowNumber: 2, code: 'DUPLICATE_EXTERNAL_ID', cells: ['tx-1', '1.25', 'USD', '2026-11-01T10:00:00Z'] });
    const skippedRun = await importFiles(principal(), 'transaction_batch', [file], { skipDuplicates: 'true' });
    expect(await deps.runs.get(failedRun)).toMatchObject({ failed: 3, succeeded: 0 });
    expect(await deps.runs.get(skippedRun)).toMatchObject({ skipped: 3, failed: 0, phase: 'completed' });
  });

  it('fails transactions whose parties are not imported entities of the org, with validateExistingEntity', async () => {
    const { deps, importFiles } = createWorld();
    await importFiles(principal(), 'entity_automatic', [csvFile('e.csv', ['taxId,type', 'known,company'])]);
    await importFiles(principal('org-b'), 'entity_automatic', [csvFile('e.csv', ['taxId,type', 'theirs,company'])]);
    const file = csvFile('t.csv', [
      'externalId,amount,currency,occurredAt,originTaxId,destinationTaxId',
      'ok,1.00,USD,2026-11-01,known,known',
      'one-unknown,1.00,USD,2026-11-01,known,nobody',
      'other-org,1.00,USD,2026-11-01,theirs,known',
      'no-parties,1.00,USD,2026-11-01,,',
    ]);
    const jobId = await importFiles(principal(), 'transaction_batch', [file], { validateExistingEntity: 'true' });
    expect(await deps.runs.get(jobId)).toMatchObject({ succeeded: 2, failed: 2 });
    const problems = [...deps.objects.objects.entries()]
      .filter(([key]) => key.startsWith(`failures/${jobId}/`))
      .flatMap(([, object]) => object.body.toString().trim().split('\n').map((line) => JSON.parse(line)));
    expect(problems.map((p) => [p.rowNumber, p.code, p.field, p.value])).toEqual([
      [3, 'ENTITY_NOT_FOUND', 'destinationTaxId', 'nobody'],
      [4, 'ENTITY_NOT_FOUND', 'originTaxId', 'theirs'],
    ]);
  });

  it('keeps orgs apart: the same taxId in two orgs is two records', async () => {
    const { deps, importFiles } = createWorld();
    const file = csvFile('e.csv', ['taxId,type', '1,person']);
    await importFiles(principal('org-a'), 'entity_automatic', [file]);
    const jobId = await importFiles(principal('org-b'), 'entity_automatic', [file]);
    expect(await deps.runs.get(jobId)).toMatchObject({ succeeded: 1, skipped: 0 });
    expect(deps.records.items.size).toBe(2);
  });

  it('counts a chunk delivered twice once', async () => {
    const { deps } = createWorld({ chunkMaxRows: 5 });
    const { jobId } = await startUpload(deps, {
      principal: principal(),
      kind: 'transaction_batch',
      files: [csvFile('t.csv', transactionLines(10))],
      options: {},
    });
    await splitUpload(deps, { runId: jobId, fileIndex: 0 });
    const [first, second] = deps.chunks.sent;
    expect(await processChunk(deps, first!)).toBe('recorded');
    expect(await processChunk(deps, first!)).toBe('already_recorded');
    await processChunk(deps, second!);
    expect(await deps.runs.get(jobId)).toMatchObject({ state: 'completed', totalItems: 10, succeeded: 10, failed: 0, skipped: 0 });
  });

  it('recovers exactly from a crash half-way through a chunk (redelivery after partial writes)', async () => {
    const { deps } = createWorld({ chunkMaxRows: 10 });
    const lines = ['taxId,type', '1,person', '2,person', '2,person', '3,company', '4,person'];
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'entity_automatic', files: [csvFile('e.csv', lines)], options: {} });
    await splitUpload(deps, { runId: jobId, fileIndex: 0 });
    const chunk = deps.chunks.sent[0]!;
    deps.records.failAfterWrites = 2;
    await expect(processChunk(deps, chunk)).rejects.toThrow('simulated crash');
    deps.records.failAfterWrites = undefined;
    await processChunk(deps, chunk);
    const run = await deps.runs.get(jobId);
    expect(run).toMatchObject({ state: 'completed', totalItems: 5, succeeded: 4, skipped: 1, failed: 0 });
    expect(run && unprocessedOf(run)).toBe(0);
  });

  it('ends a run whose file lacks required columns failed with MISSING_REQUIRED_COLUMNS', async () => {
    const { deps, importFiles } = createWorld();
    const jobId = await importFiles(principal(), 'transaction_batch', [csvFile('t.csv', ['externalId,amount', 'a,1'])]);
    expect(await deps.runs.get(jobId)).toMatchObject({
      state: 'failed',
      phase: 'failed',
      failure: { code: 'MISSING_REQUIRED_COLUMNS', details: { missingFields: ['currency', 'occurredAt'] } },
    });
    expect(deps.chunks.sent).toHaveLength(0);
  });

  it('keeps the counters whole when a file turns unreadable after some of it was queued', async () => {
    const { deps, drainChunks } = createWorld({ chunkMaxRows: 100 });
    // Large enough that rows reach the queue before the reader meets the bad bytes, as in a real file.
    const good = Buffer.from(transactionLines(20_000).join('\n') + '\n');
    const body = Buffer.concat([good, Buffer.from([0xc3, 0x28]), Buffer.from(',1.00,USD,2026-11-01\n')]); // invalid UTF-8 at the end
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [{ fileName: 't.csv', body }], options: {} });
    await splitUpload({ ...deps, sendBatchChunks: 1 }, { runId: jobId, fileIndex: 0 });
    await drainChunks();
    const run = await deps.runs.get(jobId);
    expect(run).toMatchObject({ state: 'failed', failure: { code: 'ENCODING_ERROR' } });
    expect(run?.totalItems).toBeGreaterThan(0);
    expect(run!.succeeded + run!.failed + run!.skipped + unprocessedOf(run!)).toBe(run!.totalItems);
  });

  it('halts a run whose file does not match its mapping, with MAPPING_MISMATCH naming the columns', async () => {
    const { deps, importFiles } = createWorld();
    const columnMapping = JSON.stringify({ id: 'externalId', value: 'amount', ccy: 'currency', when: 'occurredAt' });
    const jobId = await importFiles(principal(), 'transaction_batch', [csvFile('t.csv', ['id,amount_eur,ccy,when', 'a,1,EUR,2026-11-01'])], { columnMapping });
    expect(await deps.runs.get(jobId)).toMatchObject({
      state: 'failed',
      phase: 'halted',
      failure: { code: 'MAPPING_MISMATCH', details: { missingColumns: ['value'], missingFields: ['amount'] } },
    });
  });

  it('ignores the error columns of a failed-rows.csv uploaded again', async () => {
    const { deps, importFiles } = createWorld();
    const file = csvFile('fixed.csv', ['externalId,amount,currency,occurredAt,error_code,error_message', 'x,1.00,USD,2026-11-01,VALIDATION_ERROR,amount was wrong']);
    await importFiles(principal(), 'transaction_batch', [file]);
    expect([...deps.records.items.values()][0]?.data).toEqual({ externalId: 'x', amount: '1.00', currency: 'USD', occurredAt: '2026-11-01' });
  });

  it('dry-runs a file to exactly the outcome its real run then has, importing nothing', async () => {
    const { deps, importFiles } = createWorld({ chunkMaxRows: 3 });
    await importFiles(principal(), 'entity_automatic', [csvFile('before.csv', ['taxId,type', 'old-1,person', 'old-2,company'])]);
    const before = new Map(deps.records.items);
    const file = csvFile('e.csv', [
      'taxId,type,email',
      'new-1,person,a@x.io',
      'old-1,person,',
      'new-1,person,',
      'old-2,person,',
      'new-2,robot,',
      'new-3,company,not-an-email',
      'new-4,company,',
    ]);
    const problemsOf = (jobId: string) =>
      [...deps.objects.objects.entries()]
        .filter(([key]) => key.startsWith(`failures/${jobId}/`))
        .flatMap(([, object]) => object.body.toString().trim().split('\n').map((line) => JSON.parse(line)))
        .map((p) => [p.rowNumber, p.outcome, p.code]);

    const dry = await importFiles(principal(), 'entity_automatic', [file], {}, true);
    const realRecords = [...deps.records.items.keys()].filter((key) => !key.includes('DRYRUN#'));
    expect(realRecords.sort()).toEqual([...before.keys()].sort());
    const real = await importFiles(principal(), 'entity_automatic', [file]);

    const counts = async (jobId: string) => {
      const run = await deps.runs.get(jobId);
      return [run?.state, run?.phase, run?.totalItems, run?.succeeded, run?.failed, run?.skipped];
    };
    expect(await counts(dry)).toEqual(['completed', 'partially_completed', 7, 2, 3, 2]);
    expect(await counts(real)).toEqual(await counts(dry));
    expect(problemsOf(dry)).toEqual(problemsOf(real));
    expect((await deps.runs.get(dry))?.metadata).toMatchObject({ dryRun: true });
    // Stand-ins expire by themselves.
    const standIns = [...deps.records.items.entries()].filter(([key]) => key.includes(`DRYRUN#${dry}#`));
    expect(standIns.length).toBe(2);
    for (const [, record] of standIns) expect(record.expiresAt).toBeGreaterThan(Date.parse('2026-11-25T10:00:00Z') / 1000);
  });

  it('ends a header-only file failed with EMPTY_FILE', async () => {
    const { deps, importFiles } = createWorld();
    const jobId = await importFiles(principal(), 'transaction_batch', [csvFile('t.csv', transactionLines(0))]);
    expect(await deps.runs.get(jobId)).toMatchObject({ state: 'failed', failure: { code: 'EMPTY_FILE' } });
  });

  it('imports up to five transaction files as one job', async () => {
    const { deps, importFiles } = createWorld({ chunkMaxRows: 3 });
    const files = [0, 1, 2, 3, 4].map((i) => csvFile(`t${i}.csv`, transactionLines(4, i * 10)));
    const jobId = await importFiles(principal(), 'transaction_batch', files);
    expect(await deps.runs.get(jobId)).toMatchObject({ state: 'completed', totalItems: 20, succeeded: 20, filesSplit: 5 });
  });

  it('moves runStatus forward only: validating → processing → importing → completed', async () => {
    const { deps } = createWorld({ chunkMaxRows: 5 });
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(10))], options: {} });
    const seen = [(await deps.runs.get(jobId))!.phase];
    await splitUpload(deps, { runId: jobId, fileIndex: 0 });
    seen.push((await deps.runs.get(jobId))!.phase);
    await processChunk(deps, deps.chunks.sent[0]!);
    seen.push((await deps.runs.get(jobId))!.phase);
    await processChunk(deps, deps.chunks.sent[1]!);
    seen.push((await deps.runs.get(jobId))!.phase);
    expect(seen).toEqual(['validating', 'importing', 'importing', 'completed']);
  });
});
