import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { createPresignedUpload } from '../../../functions/core/use-cases/create-presigned-upload';
import { IDEMPOTENCY_IN_PROGRESS_SECONDS, IDEMPOTENCY_WINDOW_SECONDS, idempotent } from '../../../functions/core/use-cases/idempotency';
import { API_FUNCTIONS } from '../../../lib/resources';
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
    expect(await world.deps.runs.get(retried.jobId)).toMatchObject({ state: 'queued' });
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

  describe('a request killed between claiming the key and creating its job', () => {
    const hanging = () => new Promise<never>(() => undefined);

    it('answers a duplicate 409 IDEMPOTENCY_IN_PROGRESS while the claim is live', async () => {
      const world = createWorld();
      const deps = { ...world.deps, idempotencyWait: { attempts: 3, intervalMs: 1 } };
      const input = { orgId: 'org-a', key: 'k-1', fingerprint: 'f' };
      void idempotent(deps, input, hanging, hanging);
      await new Promise((resolve) => setImmediate(resolve));
      await expect(idempotent(deps, input, async (jobId) => jobId, async (jobId) => jobId)).rejects.toMatchObject({
        code: 'IDEMPOTENCY_IN_PROGRESS',
        statusCode: 409,
      });
    });

    it('lets a retry after the in-progress expiry create the job, and the key answers it from then on', async () => {
      const world = createWorld();
      const deps = { ...world.deps, idempotencyWait: { attempts: 1, intervalMs: 1 } };
      const input = { orgId: 'org-a', key: 'k-1', fingerprint: 'f', jobExists: async () => false };
      void idempotent(deps, input, hanging, hanging);
      await new Promise((resolve) => setImmediate(resolve));
      world.deps.clock.advance(IDEMPOTENCY_IN_PROGRESS_SECONDS * 1000);
      const created: string[] = [];
      const retried = await idempotent(deps, input, async (jobId) => (created.push(jobId), jobId), async (jobId) => `replay:${jobId}`);
      expect(created).toEqual([retried]);
      expect(await idempotent(deps, input, async () => 'created again', async (jobId) => `replay:${jobId}`)).toBe(`replay:${retried}`);
    });

    it('waits for a duplicate in progress to complete, then answers its job', async () => {
      const world = createWorld();
      const deps = { ...world.deps, idempotencyWait: { attempts: 50, intervalMs: 5 } };
      const input = { orgId: 'org-a', key: 'k-1', fingerprint: 'f' };
      const first = idempotent(deps, input, async (jobId) => (await new Promise((resolve) => setTimeout(resolve, 30)), jobId), hanging);
      const second = idempotent(deps, input, async () => 'created twice', async (jobId) => jobId);
      expect(await second).toBe(await first);
    });

    it('is in progress for longer than any API function may run', () => {
      const longest = Math.max(...Object.values(API_FUNCTIONS).map((definition) => definition.timeoutSeconds));
      expect(IDEMPOTENCY_IN_PROGRESS_SECONDS).toBeGreaterThan(longest);
    });
  });
});
