import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { createProcessChunksHandler } from '../../../functions/handlers/queue/process-chunks-handler';
import { createSplitUploadHandler } from '../../../functions/handlers/queue/split-upload-handler';
import { lambdaContext, s3EventBody, sqsEvent } from '../../support/sqs-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';
import { chunkBody } from '../../../functions/core/runs/chunk';

describe('Handler: split-upload', () => {
  it('splits the file an S3 object-created event names, and ignores S3 test events', async () => {
    const { deps } = createWorld({ chunkMaxRows: 4 });
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(10))], options: {} });
    const handler = createSplitUploadHandler(deps);
    const result = await handler(sqsEvent([s3EventBody('bucket', `uploads/${jobId}/0`), JSON.stringify({ Event: 's3:TestEvent' })]), lambdaContext);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(deps.chunks.sent).toHaveLength(3);
    expect(await deps.runs.get(jobId)).toMatchObject({ totalItems: 10, phase: 'importing' });
  });

  it('reports only the message whose split failed, so only it is redelivered', async () => {
    const { deps } = createWorld();
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(2))], options: {} });
    const handler = createSplitUploadHandler(deps);
    // The second event names a run that does not exist (yet): a transient condition worth a retry.
    const result = await handler(sqsEvent([s3EventBody('bucket', `uploads/${jobId}/0`), s3EventBody('bucket', 'uploads/missing-run/0')]), lambdaContext);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('drops messages that can never be processed instead of redelivering them', async () => {
    const { deps } = createWorld();
    const handler = createSplitUploadHandler(deps);
    const result = await handler(sqsEvent(['not json', s3EventBody('bucket', 'elsewhere/file.csv')]), lambdaContext);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(deps.logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });
});

describe('Handler: process-chunks', () => {
  it('processes chunks, reports a failing one as a batch item failure and drops malformed messages', async () => {
    const { deps } = createWorld({ chunkMaxRows: 5 });
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(10))], options: {} });
    await createSplitUploadHandler(deps)(sqsEvent([s3EventBody('b', `uploads/${jobId}/0`)]), lambdaContext);
    const [first, second] = deps.chunks.sent.map((c) => JSON.stringify(chunkBody(c)));
    const orphan = JSON.stringify({ ...JSON.parse(first!), jobId: 'gone' });
    const handler = createProcessChunksHandler(deps);

    const result = await handler(sqsEvent([first!, orphan, '{"rows": "nope"}', second!]), lambdaContext);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(await deps.runs.get(jobId)).toMatchObject({ state: 'completed', succeeded: 10 });
  });
});

describe('Handler: concurrent batches in one process', () => {
  it('answers each batch with its own failures only, as the local poller invokes a handler for several at once', async () => {
    const { deps } = createWorld();
    const { jobId } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(2))], options: {} });
    const handler = createSplitUploadHandler(deps);

    // The first batch has a failing message (its run does not exist) while the second, sent meanwhile, succeeds.
    const [failing, clean] = await Promise.all([
      handler(sqsEvent([s3EventBody('bucket', 'uploads/missing-run/0'), 'not json']), lambdaContext),
      handler(sqsEvent([s3EventBody('bucket', `uploads/${jobId}/0`)]), lambdaContext),
    ]);

    expect(failing).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(clean).toEqual({ batchItemFailures: [] });
  });
});
