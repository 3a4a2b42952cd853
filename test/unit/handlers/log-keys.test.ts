import { asPort, createLogger } from '../../../functions/adapters/logger';
import type { Logger } from '../../../functions/core/ports';
import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { createJobsHandler } from '../../../functions/handlers/http/jobs-handler';
import { createProcessChunksHandler } from '../../../functions/handlers/queue/process-chunks-handler';
import { createSplitUploadHandler } from '../../../functions/handlers/queue/split-upload-handler';
import { apiEvent } from '../../support/api-events';
import { lambdaContext, s3EventBody, sqsEvent } from '../../support/sqs-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';
import { chunkBody } from '../../../functions/core/runs/chunk';

type Line = Record<string, unknown>;

/** The JSON lines the Powertools logger writes to stdout and stderr while `work` runs. */
async function captureLogLines(work: () => Promise<unknown>): Promise<Line[]> {
  const written: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  try {
    await work();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

/**
 * The repository with a log line, carrying no keys of its own, at each call: what the core logs in the middle of
 * the work must carry the work's keys all the same.
 */
function loggingEachCall<T extends object>(target: T, logger: Logger, name: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        logger.info(`${name}.${String(property)}`);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

describe('Adapter: logger keys (request id and jobId on every line)', () => {
  // The local stack of the integration project sets LOG_LEVEL=WARN for the jest run as a whole; these lines are INFO.
  const level = process.env.LOG_LEVEL;
  beforeAll(() => {
    process.env.LOG_LEVEL = 'INFO';
  });
  afterAll(() => {
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
  });

  it('gives every line of an SQS invocation its request id, and each record its own jobId and message id', async () => {
    // Arrange: two runs, one chunk message of each, in one batch.
    const world = createWorld({ chunkMaxRows: 2 });
    const jobIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { jobId } = await startUpload(world.deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(2))], options: {} });
      jobIds.push(jobId);
      await createSplitUploadHandler(world.deps)(sqsEvent([s3EventBody('b', `uploads/${jobId}/0`)]), lambdaContext);
    }
    const messages = world.deps.chunks.sent.map((chunk) => JSON.stringify(chunkBody(chunk)));
    const logger = asPort(createLogger());
    const handler = createProcessChunksHandler({ ...world.deps, logger, runs: loggingEachCall(world.deps.runs, logger, 'runs') });

    // Act
    const lines = await captureLogLines(() => handler(sqsEvent(messages), { ...lambdaContext, awsRequestId: 'lambda-request-1' } as never));

    // Assert
    expect(messages).toHaveLength(2);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).toMatchObject({ requestId: 'lambda-request-1' });
      // Record m-0 carries the first run's chunk, m-1 the second's: no jobId leaks from one record to the next.
      expect(line.jobId).toBe(jobIds[line.messageId === 'm-0' ? 0 : 1]);
    }
    expect(new Set(lines.map((line) => line.messageId))).toEqual(new Set(['m-0', 'm-1']));
  });

  it("gives every line of an API request Lambda's and API Gateway's request ids, and the jobId its path names", async () => {
    // Arrange
    const world = createWorld();
    const { jobId } = await startUpload(world.deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(2))], options: {} });
    const apiKey = (await createApiKey(world.deps, { orgId: 'org-a', scopes: ['transactions:create'] })).apiKey;
    const logger = asPort(createLogger());
    const handler = createJobsHandler({ ...world.deps, logger, runs: loggingEachCall(world.deps.runs, logger, 'runs') });
    const event = apiEvent({ method: 'GET', path: `/batch-import/jobs/${jobId}`, headers: { authorization: `Bearer ${apiKey}` } });

    // Act
    let status: number | undefined;
    const lines = await captureLogLines(async () => {
      status = (await handler(event, { ...lambdaContext, awsRequestId: 'lambda-request-2' } as never)).statusCode;
    });

    // Assert
    expect(status).toBe(200);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'lambda-request-2', apiRequestId: 'req-1', jobId });
  });

  it('starts each invocation from its own keys: nothing of the previous one remains', async () => {
    // Arrange
    const world = createWorld();
    const logger = asPort(createLogger());
    const handler = createProcessChunksHandler({ ...world.deps, logger });

    // Act: an invocation that logged its own keys, then one whose message names no job.
    await captureLogLines(() => handler(sqsEvent(['{"jobId":"job-1"}']), lambdaContext));
    const lines = await captureLogLines(() => handler(sqsEvent(['not json']), { ...lambdaContext, awsRequestId: 'second' } as never));

    // Assert
    expect(lines).toEqual([expect.objectContaining({ message: 'Dropped a malformed chunk message', requestId: 'second', messageId: 'm-0' })]);
    expect(lines[0]).not.toHaveProperty('jobId');
  });
});
