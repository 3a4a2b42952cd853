import { leaseSweepIntervalFromEnv, startLeaseSweeperTimer } from '../../local/lease-sweeper';

describe('Local: lease sweeper timer', () => {
  const options = { functionName: 'LeaseSweeperFunction', region: 'us-east-1', timeoutSeconds: 5, memoryMb: 512, input: { task: 'sweep-leases' } };

  it('invokes the sweeper on its interval with the schedule input and a Lambda context, and keeps going after a failed sweep', async () => {
    // Arrange
    const calls: Array<{ event: unknown; functionName: string; remaining: number }> = [];
    const lines: string[] = [];
    const timer = startLeaseSweeperTimer({
      ...options,
      intervalSeconds: 0.02,
      loadHandler: () => async (event, context) => {
        calls.push({ event, functionName: context.functionName, remaining: context.getRemainingTimeInMillis() });
        if (calls.length === 1) throw new Error('index unavailable');
      },
      log: (line) => lines.push(line),
    });

    // Act
    while (calls.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    await timer.stop();
    const after = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));

    // Assert
    expect(calls[0]).toMatchObject({ event: { task: 'sweep-leases' }, functionName: 'LeaseSweeperFunction' });
    expect(calls[0]!.remaining).toBeGreaterThan(4000);
    expect(lines).toEqual(['[LeaseSweeperFunction] sweep failed: Error: index unavailable']);
    expect(calls.length).toBe(after);
  });

  it('reads LEASE_SWEEP_INTERVAL_SECONDS, 60 by default, and names the variable when it is bad', () => {
    expect(leaseSweepIntervalFromEnv({})).toBe(60);
    expect(leaseSweepIntervalFromEnv({ LEASE_SWEEP_INTERVAL_SECONDS: '' })).toBe(60);
    expect(leaseSweepIntervalFromEnv({ LEASE_SWEEP_INTERVAL_SECONDS: '0.5' })).toBe(0.5);
    expect(() => leaseSweepIntervalFromEnv({ LEASE_SWEEP_INTERVAL_SECONDS: 'soon' })).toThrow(/LEASE_SWEEP_INTERVAL_SECONDS/);
    expect(() => leaseSweepIntervalFromEnv({ LEASE_SWEEP_INTERVAL_SECONDS: '0' })).toThrow(/LEASE_SWEEP_INTERVAL_SECONDS/);
  });
});
