import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RunRepository } from '../core/ports';
import type { ChunkOutcome } from '../core/runs/chunk';
import type { Run } from '../core/runs/run';
import { SERVICE_METRICS } from '../../lib/resources';

/**
 * The service's CloudWatch metrics (embedded metric format: one JSON log line that CloudWatch turns into metrics,
 * no API call). Rows imported, failed and skipped per recorded chunk, chunk duration, and run duration by outcome.
 * The dashboard and README name them (lib/resources.ts SERVICE_METRICS).
 */
export interface ImportMetrics {
  /** A chunk's outcome was added to its run (once per chunk, not per redelivery). */
  chunkRecorded(outcome: ChunkOutcome): void;
  /** Milliseconds one chunk message took, whatever became of it. */
  chunkProcessed(durationMs: number): void;
  /** A run ended: its duration, by its final status. */
  runEnded(run: Run): void;
}

/** Outside Lambda (the local stack, tests) nothing reads EMF lines: record nothing rather than flood stdout. */
export function createImportMetrics(env: NodeJS.ProcessEnv = process.env): ImportMetrics {
  if (!env.AWS_LAMBDA_FUNCTION_NAME) return NO_METRICS;
  return new EmfImportMetrics(new Metrics({ namespace: env[SERVICE_METRICS.namespaceEnvVar] || SERVICE_METRICS.namespace, serviceName: SERVICE_METRICS.service }));
}

export const NO_METRICS: ImportMetrics = { chunkRecorded: () => {}, chunkProcessed: () => {}, runEnded: () => {} };

export class EmfImportMetrics implements ImportMetrics {
  constructor(private readonly metrics: Metrics) {}

  chunkRecorded(outcome: ChunkOutcome): void {
    this.metrics.addMetric(SERVICE_METRICS.rowsImported, MetricUnit.Count, outcome.succeeded);
    this.metrics.addMetric(SERVICE_METRICS.rowsFailed, MetricUnit.Count, outcome.failed);
    this.metrics.addMetric(SERVICE_METRICS.rowsSkipped, MetricUnit.Count, outcome.skipped);
    this.metrics.publishStoredMetrics();
  }

  chunkProcessed(durationMs: number): void {
    this.metrics.addMetric(SERVICE_METRICS.chunkDuration, MetricUnit.Milliseconds, durationMs);
    this.metrics.publishStoredMetrics();
  }

  runEnded(run: Run): void {
    const started = Date.parse(run.startedAt ?? run.createdAt);
    const ended = Date.parse(run.completedAt ?? new Date().toISOString());
    if (!Number.isFinite(started) || !Number.isFinite(ended)) return;
    const single = this.metrics.singleMetric();
    single.addDimension(SERVICE_METRICS.outcomeDimension, run.state);
    single.addMetric(SERVICE_METRICS.runDuration, MetricUnit.Seconds, Math.max(0, (ended - started) / 1000));
  }
}

/** The run repository, telling the metrics each chunk outcome it records for the first time. */
export function countingChunkOutcomes<R extends RunRepository>(runs: R, metrics: ImportMetrics): R {
  return new Proxy(runs, {
    get(target, property, receiver) {
      if (property === 'recordChunk') {
        return async (recording: Parameters<RunRepository['recordChunk']>[0]) => {
          const recorded = await target.recordChunk(recording);
          if (recorded) metrics.chunkRecorded(recording.outcome);
          return recorded;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
