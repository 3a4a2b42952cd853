import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { createPresignedUpload } from '../../../functions/core/use-cases/create-presigned-upload';
import { IDEMPOTENCY_WINDOW_SECONDS } from '../../../functions/core/use-cases/idempotency';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

describe('Use case: Idempotency-Key on uploads (§4)', () => {
  const upload = (world: ReturnType<typeof createWorld>, key: string | undefined, lines = transactionLines(3), orgId = 'org-a') =>
    startUpload(world.deps, {
      principal: principal(orgId),
      kind: 'transaction_batch',
      files: [csvFile('t.csv', lines)],
      options: { namespace: 'eu' },
      idempotencyKey: key,
    });

  it('answers the same job to the same request and creates nothing new', async () => {
    const world = createWorld();
    const first = await upload(world, 'k-1');
    const second = await upload(world, 'k-1');
    expect(second).toEqual(first);
    expect(world.deps.runs.runs.size).toBe(1);
    expect([...world.deps.objects.objects.keys()].filter((k) => k.startsWith('uploads/'))).toHaveLength(1);
  });

  it('answers 409 to another request with the same key', async () => {
    const world = createWorld();
    const first = await upload(world, 'k-1');
    await expect(upload(world, 'k-1', transactionLines(4))).rejects.toMatchObject({ code: 'CONFLICT', statusCode: 409, details: { jobId: first.jobId } });
    expect(world.deps.runs.runs.size).toBe(1);
  });

  it('keeps keys apart per org, and each request without a key is a new job', async () => {
    const world = createWorld();
    const a = await upload(world, 'shared', transactionLines(3), 'org-a');
    const b = await upload(world, 'shared', transactionLines(3), 'org-b');
    expect(b.jobId).not.toBe(a.jobId);
    expect((await upload(world, undefined)).jobId).not.toBe((await upload(world, undefined)).jobId);
  });

  it('forgets a key after 24 hours', async () => {
    const world = createWorld();
    const first = await upload(world, 'k-1');
    world.deps.clock.advance(IDEMPOTENCY_WINDOW_SECONDS * 1000 + 1000);
    expect((await upload(world, 'k-1')).jobId).not.toBe(first.jobId);
  });

  it('gives the key back when the upload fails, so the client can retry with it', async () => {
    const world = createWorld();
    const failingObjects = Object.create(world.deps.objects) as typeof world.deps.objects;
    failingObjects.put = async () => {
      throw new Error('S3 is down');
    };
    await expect(startUpload({ ...world.deps, objects: failingObjects }, {
      principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(1))], options: {}, idempotencyKey: 'k-1',
    })).rejects.toThrow('S3 is down');
    const retried = await startUpload(world.deps, {
      principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', transactionLines(1))], options: {}, idempotencyKey: 'k-1',
    });
    expect(await world.deps.runs.get(retried.jobId)).toMatchObject({ status: 'queued' });
  });

  it('refuses a key that is not 1-255 printable characters', async () => {
    const world = createWorld();
    await expect(upload(world, 'x'.repeat(256))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(upload(world, 'has space')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('answers the same presigned upload job with a fresh URL', async () => {
    const world = createWorld();
    const deps = { ...world.deps, limits: { maxFileNameLength: 100, maxPresignedFileBytes: 1e9, uploadUrlTtlSeconds: 900 } };
    const request = { kind: 'transaction_batch', fileName: 'big.csv', contentLength: 10 };
    const first = await createPresignedUpload(deps, principal(), request, 'p-1');
    const again = await createPresignedUpload(deps, principal(), request, 'p-1');
    expect(again.jobId).toBe(first.jobId);
    expect(world.deps.runs.runs.size).toBe(1);
    await expect(createPresignedUpload(deps, principal(), { ...request, contentLength: 11 }, 'p-1')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
