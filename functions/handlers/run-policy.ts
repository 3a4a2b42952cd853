import type { RunEndedConfig, UploadLimitsConfig } from '../config';
import type { Logger, RunEndedListener } from '../core/ports';
import { createRunEndedPolicy } from '../core/use-cases/on-run-ended';
import type { StartImportJobRunDeps } from '../core/use-cases/start-import-job-run';
import { createImportMetrics } from '../adapters/import-metrics';
import { DynamoEndedRunClaims } from '../adapters/dynamodb/ended-run-claims';
import type { AwsClients } from '../adapters/aws-clients';
import type { Adapters } from './dependencies';
import type { RunPolicyPorts } from './run-policy-ports';

/**
 * The run policy the run-ended consumer (handlers/stream/run-ended.ts) applies to each run that ended: reruns and
 * halting of import jobs (§7), the emails (§10), the request for final reports (§8) and the run duration metric,
 * each run claimed once.
 */
export function buildRunEndedListener(config: RunEndedConfig, clients: AwsClients, adapters: Adapters, ports: RunPolicyPorts, logger: Logger): RunEndedListener {
  return createRunEndedPolicy({
    importJobs: ports.importJobs,
    ledger: adapters.importRunLedger,
    endedRuns: new DynamoEndedRunClaims(clients.dynamo, config.controlTable, adapters.clock),
    scheduler: ports.scheduler,
    mailer: ports.mailer,
    alerts: ports.alerts,
    links: ports.links,
    reports: ports.reports,
    defaultRecipients: adapters.orgRecipients,
    clock: adapters.clock,
    logger,
    retry: { retryCount: config.runRetryCount, intervalSeconds: config.runRetryIntervalSeconds },
    // The run duration metric, by outcome: once per run, however often the stream delivers its record.
    outcomes: createImportMetrics(),
  });
}

/** What starting a run of an import job needs (the schedules' target and the run-now route). */
export function buildImportJobRunDeps(config: UploadLimitsConfig, adapters: Adapters, logger: Logger): StartImportJobRunDeps {
  return {
    ...adapters,
    importJobs: adapters.importJobs,
    ledger: adapters.importRunLedger,
    logger,
    sourceLimits: { maxFileNameLength: config.maxFileNameLength, maxFileBytes: config.maxPresignedFileBytes },
  };
}
