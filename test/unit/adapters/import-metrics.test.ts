import { Metrics } from '@aws-lambda-powertools/metrics';
import { countingChunkOutcomes, createImportMetrics, EmfImportMetrics, NO_METRICS, type ImportMetrics } from '../../../functions/adapters/import-metrics';
import type { RunRepository } from '../../../functions/core/ports';
import type { Run } from '../../../functions/core/runs/run';
import { SERVICE_METRICS } from '../../../lib/resources';

const recording = (succeeded: number, failed: number, skipped: number) => ({
  runId: 'job-1',
  chunkId: '00-0000001',
  outcome: { succeeded, failed, skipped },
  at: '2026-12-05T10:00:00.000Z',
  leaseExpiresAt: '2026-12-05T10:10:00.000Z',
});

function spyMetrics(): { metrics: ImportMetrics; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    metrics: {
      chunkRecorded: (outcome) => calls.push(`chunk ${outcome.succeeded}/${outcome.failed}/${outcome.skipped}`),
      chunkProcessed: () => calls.push('processed'),
      runEnded: (run) => calls.push(`run ${run.state}`),
    },
  };
}

describe('Function: countingChunkOutcomes', () => {
  it('counts a chunk the first time it is recorded, not when a redelivery records it again', async () => {
    // Arrange
    const answers = [true, false];
    const runs = { recordChunk: async () => answers.shift() as boolean, get: async () => undefined } as unknown as RunRepository;
    const { metrics, calls } = spyMetrics();
    const counted = countingChunkOutcomes(runs, metrics);
    // Act
    const first = await counted.recordChunk(recording(8, 1, 1));
    const again = await counted.recordChunk(recording(8, 1, 1));
    // Assert
    expect([first, again]).toEqual([true, false]);
    expect(calls).toEqual(['chunk 8/1/1']);
    await expect(counted.get('job-1')).resolves.toBeUndefined();
  });
});

describe('Class: EmfImportMetrics', () => {
  const devEnv = { POWERTOOLS_DEV: process.env.POWERTOOLS_DEV, POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED };
  beforeEach(() => {
    // Dev mode writes EMF lines to the global console (which the test reads); metrics stay on explicitly.
    process.env.POWERTOOLS_DEV = 'true';
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(devEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    jest.restoreAllMocks();
  });

  it('emits rows imported, failed and skipped, and the run duration in seconds by outcome', () => {
    // Arrange
    const lines: Array<Record<string, unknown>> = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(JSON.parse(line)));
    const emf = new EmfImportMetrics(new Metrics({ namespace: SERVICE_METRICS.namespace, serviceName: SERVICE_METRICS.service }));
    const run = { state: 'partially_completed', createdAt: '2026-12-05T10:00:00.000Z', startedAt: '2026-12-05T10:00:00.000Z', completedAt: '2026-12-05T10:01:30.000Z' };
    // Act
    emf.chunkRecorded({ succeeded: 8, failed: 1, skipped: 1 });
    emf.runEnded(run as unknown as Run);
    // Assert
    expect(lines).toEqual([
      expect.objectContaining({ RowsImported: 8, RowsFailed: 1, RowsSkipped: 1, service: SERVICE_METRICS.service }),
      expect.objectContaining({ RunDuration: 90, outcome: 'partially_completed', service: SERVICE_METRICS.service }),
    ]);
    expect(JSON.stringify(lines[0]._aws)).toContain(SERVICE_METRICS.namespace);
  });

  it('records nothing outside Lambda', () => {
    expect(createImportMetrics({})).toBe(NO_METRICS);
    expect(createImportMetrics({ AWS_LAMBDA_FUNCTION_NAME: 'ChunkProcessor' })).toBeInstanceOf(EmfImportMetrics);
  });
});
