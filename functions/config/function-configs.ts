import type { z } from 'zod';
import { API_FUNCTIONS, DEAD_LETTER_FUNCTIONS, LEASE_SWEEPER, RUN_ENDED_CONSUMER, SCHEDULED_FUNCTIONS, WORKER_FUNCTIONS } from '../../lib/resources';
import { configSchema } from './compose';
import {
  Chunking,
  Dashboard,
  FileLimits,
  Lease,
  LeaseSweep,
  Quota,
  ReportTiming,
  RUN_ENDED,
  Mail,
  Links,
  Scheduling,
  RunRetry,
  Session,
  SplitBudget,
  Storage,
  UploadEventsQueue,
  UploadLimits,
  UploadStorageOrigin,
} from './pieces';

/**
 * One configuration schema per Lambda function, each built from the shared pieces it needs (pieces.ts). Every value
 * a function uses is in its schema, so a missing one stops that function at cold start, naming the variable. The
 * composition root reads its schema once, at module scope: `const config = loadConfig(UploadConfig)`.
 *
 * test/infra/function-config.test.ts parses each deployed function's environment with its schema (through
 * CONFIG_BY_FUNCTION_ID), and test/integration/local-stack-config.test.ts the local stack's.
 */

// HTTP API
export const UploadConfig = configSchema(Storage, Session, UploadLimits);
export const PresignConfig = configSchema(Storage, Session, UploadLimits);
export const JobsConfig = configSchema(Storage, Session);
export const ControlConfig = configSchema(Storage, Session, Lease);
export const MappingsConfig = configSchema(Storage, Session);
export const ReportsConfig = configSchema(Storage, Session, UploadLimits, ReportTiming);
export const RetryFailedConfig = configSchema(Storage, Session);
/** Puts, pauses and deletes schedules and sends the sampling-failed alert; ends no run. */
export const ImportJobsConfig = configSchema(Storage, Session, UploadLimits, FileLimits, RunRetry, Scheduling, Mail, Links);
export const QuotaConfig = configSchema(Storage, Session, Quota);
/** Run now: starts a run of an import job (its end, even at once, is the run-ended consumer's to handle). */
export const ImportJobRunsConfig = configSchema(Storage, Session, UploadLimits);
export const SessionFunctionConfig = configSchema(Storage, Session);
export const DashboardConfig = configSchema(Dashboard, UploadStorageOrigin);
/** Health, the API reference and the unmatched route read no configuration. */
export const NoConfig = configSchema();

// Queue consumers
export const SplitterConfig = configSchema(Storage, UploadEventsQueue, Chunking, Lease, SplitBudget, FileLimits);
export const ChunkProcessorConfig = configSchema(Storage, Lease, Quota);
export const ReportBuilderConfig = configSchema(Storage);
export const DeadChunkConfig = configSchema(Storage, Lease);
/** The run-ended consumer of the control table's stream: the only function that applies the run policy. */
export const RunEndedConsumerConfig = configSchema(Storage, ...RUN_ENDED);

// Scheduled
export const RunImportJobConfig = configSchema(Storage, UploadLimits);
export const LeaseSweeperConfig = configSchema(Storage, UploadEventsQueue, Lease, LeaseSweep);

/** Each function the stack deploys (its id in lib/resources.ts) and the schema its composition root reads. */
export const CONFIG_BY_FUNCTION_ID: Readonly<Record<string, z.ZodType<unknown, Record<string, string>>>> = {
  [API_FUNCTIONS.uploads.id]: UploadConfig,
  [API_FUNCTIONS.presign.id]: PresignConfig,
  [API_FUNCTIONS.jobs.id]: JobsConfig,
  [API_FUNCTIONS.control.id]: ControlConfig,
  [API_FUNCTIONS.mappings.id]: MappingsConfig,
  [API_FUNCTIONS.reports.id]: ReportsConfig,
  [API_FUNCTIONS.retryFailed.id]: RetryFailedConfig,
  [API_FUNCTIONS.importJobs.id]: ImportJobsConfig,
  [API_FUNCTIONS.quota.id]: QuotaConfig,
  [API_FUNCTIONS.importJobRuns.id]: ImportJobRunsConfig,
  [API_FUNCTIONS.health.id]: NoConfig,
  [API_FUNCTIONS.apiDocs.id]: NoConfig,
  [API_FUNCTIONS.unmatched.id]: NoConfig,
  [API_FUNCTIONS.session.id]: SessionFunctionConfig,
  [API_FUNCTIONS.dashboard.id]: DashboardConfig,
  [WORKER_FUNCTIONS.splitter.id]: SplitterConfig,
  [WORKER_FUNCTIONS.chunkProcessor.id]: ChunkProcessorConfig,
  [WORKER_FUNCTIONS.reportBuilder.id]: ReportBuilderConfig,
  [DEAD_LETTER_FUNCTIONS.deadChunks.id]: DeadChunkConfig,
  [SCHEDULED_FUNCTIONS.runImportJob.id]: RunImportJobConfig,
  [LEASE_SWEEPER.id]: LeaseSweeperConfig,
  [RUN_ENDED_CONSUMER.id]: RunEndedConsumerConfig,
};
