import { backoffDelay, retry, Unfinished } from '../../../functions/adapters/retry';

/** A sleep that records the waits instead of waiting. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('Function: retry', () => {
  it('tries again after an Unfinished error until the operation returns', async () => {
    const { waits, sleep } = recordingSleep();
    const tries: number[] = [];
    const result = await retry(
      async (attempt) => {
        tries.push(attempt);
        if (attempt < 3) throw new Unfinished('2 keys left');
        return 'done';
      },
      { maxAttempts: 5, baseMs: 10, capMs: 1000, sleep, random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(tries).toEqual([1, 2, 3]);
    // Half of 10 × 2^1 and half of 10 × 2^2: one wait between each two tries, none after the last.
    expect(waits).toEqual([10, 20]);
  });

  it('throws the last error once the attempts run out', async () => {
    const { waits, sleep } = recordingSleep();
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        throw new Unfinished(`left after ${calls}`);
      },
      { maxAttempts: 4, baseMs: 10, capMs: 1000, sleep },
    );
    await expect(run).rejects.toThrow('left after 4');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('throws an error that is not retryable at once, without waiting', async () => {
    const { waits, sleep } = recordingSleep();
    const refused = new Error('ValidationException');
    let calls = 0;
    await expect(retry(() => (calls++, Promise.reject(refused)), { maxAttempts: 5, baseMs: 10, capMs: 1000, sleep })).rejects.toBe(refused);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('asks the caller which errors are retryable', async () => {
    const { sleep } = recordingSleep();
    let calls = 0;
    const throttled = Object.assign(new Error('slow down'), { code: 'Throttled' });
    const result = await retry(
      async () => {
        if (++calls < 3) throw throttled;
        return calls;
      },
      { maxAttempts: 5, baseMs: 10, capMs: 1000, sleep, retryable: (error) => (error as { code?: string }).code === 'Throttled' },
    );
    expect(result).toBe(3);
    // With a predicate of its own, an Unfinished error is no longer retried.
    const unfinished = new Unfinished('left');
    await expect(retry(() => Promise.reject(unfinished), { maxAttempts: 5, baseMs: 10, capMs: 1000, sleep, retryable: () => false })).rejects.toBe(unfinished);
  });

  it('refuses a number of attempts below one', async () => {
    await expect(retry(async () => 'never', { maxAttempts: 0, baseMs: 10, capMs: 1000 })).rejects.toThrow('maxAttempts must be a positive integer, got 0');
  });
});

describe('Function: backoffDelay', () => {
  it('grows exponentially up to the cap, and jitters over the whole range below it', () => {
    const backoff = { baseMs: 50, capMs: 2000 };
    const highest = (attempt: number) => backoffDelay(attempt, backoff, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(highest)).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    expect(backoffDelay(3, backoff, () => 0)).toBe(0);
    expect(backoffDelay(3, backoff, () => 0.25)).toBe(100);
  });

  it('stays within its bound for Math.random', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4, { baseMs: 20, capMs: 1000 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(320);
    }
  });
});
