import { createAwsClients } from '../../functions/adapters/aws-clients';
import { DynamoRecordStore } from '../../functions/adapters/dynamodb/record-store';
import { DynamoRunRepository } from '../../functions/adapters/dynamodb/run-repository';
import { SqsChunkQueue } from '../../functions/adapters/sqs/chunk-queue';
import { RowEvaluator } from '../../functions/core/records/evaluate-row';
import { chunkIdOf, type Chunk } from '../../functions/core/runs/chunk';
import type { ImportRecord } from '../../functions/core/records/record';
import { runTag } from '../support/generate';
import { baseUrl, demoKey, pollUntilTerminal } from '../support/service-client';

jest.setTimeout(120_000);

const HEADER = ['externalId', 'amount', 'currency', 'occurredAt'];

/**
 * A chunk that lands in the chunk DLQ, over the whole local stack: the DLQ poller hands it to the dead-chunk
 * consumer. The test plays the splitter (it records the file and queues the chunks) and the processor that died
 * on the middle chunk after writing part of it; the service does the rest.
 */
describe('E2E: a dead-lettered chunk ends its run (§6)', () => {
  it('ends the run failed with a jobFailure naming the chunk, with exact counters and each record once', async () => {
    // Arrange: a run waiting for a presigned upload that never comes, so no real split interferes
    const clients = createAwsClients();
    const runs = new DynamoRunRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);
    const records = new DynamoRecordStore(clients.dynamo, process.env.RECORDS_TABLE_NAME as string);
    const created = await fetch(`${baseUrl()}/batch-import/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demoKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'transaction_batch', fileName: 'dead.csv' }),
    });
    const { jobId } = (await created.json()) as { jobId: string };
    const tag = `dl${runTag()}`;
    const cells = Array.from({ length: 30 }, (_, i) => [`${tag}-${i + 1}`, `${i + 1}.00`, 'EUR', '2026-11-01T10:00:00Z']);
    cells[14] = [`${tag}-15`, 'twelve', 'EUR', '2026-11-01T10:00:00Z']; // row 16, in the dead chunk
    const chunks: Chunk[] = [0, 1, 2].map((k) => ({
      runId: jobId,
      chunkId: chunkIdOf(0, k),
      fileIndex: 0,
      header: HEADER,
      rows: cells.slice(k * 10, k * 10 + 10).map((row, i) => ({ n: k * 10 + i + 2, cells: row })),
    }));

    // The splitter: the file holds 30 rows in 3 chunks; the run starts.
    const now = new Date();
    await runs.recordFileSplit({ runId: jobId, fileIndex: 0, rows: 30, chunks: 3, header: HEADER, at: now.toISOString() });
    await runs.markStarted(jobId, now.toISOString(), new Date(now.getTime() + 600_000).toISOString());
    const run = (await runs.get(jobId))!;

    // The processor of the middle chunk (rows 12-21) wrote rows 12-15, then died on every delivery.
    const evaluator = new RowEvaluator({ ...run, columnMapping: run.columnMapping, header: HEADER });
    const written = chunks[1]!.rows.slice(0, 4).map((row) => evaluator.evaluate(row)).flatMap((e) => (e.ok ? [e.record as ImportRecord] : []));
    expect(written).toHaveLength(4);
    await records.putNew(written);

    // Act
    await new SqsChunkQueue(clients.sqs, process.env.CHUNK_QUEUE_URL as string).send([chunks[0]!, chunks[2]!]);
    await new SqsChunkQueue(clients.sqs, process.env.E2E_CHUNK_DLQ_URL as string).send([chunks[1]!]);
    const { job } = await pollUntilTerminal(jobId);

    // Assert: the run's status and counters
    expect(job).toMatchObject({ status: 'failed', runStatus: 'failed', totalItems: 30, succeeded: 24, failed: 6, skipped: 0 });
    expect(job.jobFailure).toMatchObject({ code: 'INTERNAL_ERROR', message: expect.stringContaining('00-0000001') });
    expect(job.metadata).toMatchObject({ deadLetteredChunks: ['00-0000001'], unprocessed: 0 });

    // Assert: the failures say which rows were not imported, and why
    const failures = (await (
      await fetch(`${baseUrl()}/batch-import/transaction-jobs/${jobId}/failures`, { headers: { authorization: `Bearer ${demoKey()}` } })
    ).json()) as { failures: Array<{ externalId?: string; code: string }> };
    expect(failures.failures.map((f) => f.code).sort()).toEqual(['PROCESSING_ERROR', 'PROCESSING_ERROR', 'PROCESSING_ERROR', 'PROCESSING_ERROR', 'PROCESSING_ERROR', 'VALIDATION_ERROR']);

    // Assert: every imported record once, of this run
    const found = await records.find('demo', cells.map((row) => `TXN#${row[0]}`));
    expect(found.size).toBe(24);
    expect([...found.values()].every((record) => record.runId === jobId)).toBe(true);
    clients.dynamo.destroy();
    clients.sqs.destroy();
  });
});
