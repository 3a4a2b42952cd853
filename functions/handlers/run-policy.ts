import type { RunEndedConfig, UploadLimitsConfig } from '../config';
import type { Logger, RunEndedListener } from '../core/ports';
import { createRunEndedPolicy } from '../core/use-cases/on-run-ended';
import type { StartImportJobRunDeps } from '../core/use-cases/start-import-job-run';
import { createImportMetrics, measuringRunEnded } from '../adapters/import-metrics';
import type { Adapters } from './dependencies';
import type { RunPolicyPorts } from './run-policy-ports';

/**
 * The listener every function that can end a run passes as `runEnded` (splitter, chunk processor, scheduled
 * runs, run now): reruns and halting of import jobs (§7), the emails (§10) and the request for final reports (§8).
 */
export function buildRunEndedListener(config: RunEndedConfig, adapters: Adapters, ports: RunPolicyPorts, logger: Logger): RunEndedListener {
  // Every ended run passes here once: the run duration metric, by outcome, is recorded on the way.
  return measuringRunEnded(createRunEndedPolicy({
    importJobs: ports.importJobs,
    ledger: adapters.importRunLedger,
    scheduler: ports.scheduler,
    mailer: ports.mailer,
    alerts: ports.alerts,
    links: ports.links,
    reports: ports.reports,
    defaultRecipients: adapters.orgRecipients,
    clock: adapters.clock,
    logger,
    retry: { retryCount: config.runRetryCount, intervalSeconds: config.runRetryIntervalSeconds },
  }), createImportMetrics());
}

/** What starting a run of an import job needs (the schedules' target and the run-now route). */
export function buildImportJobRunDeps(config: RunEndedConfig & UploadLimitsConfig, adapters: Adapters, ports: RunPolicyPorts, logger: Logger): StartImportJobRunDeps {
  return {
    ...adapters,
    importJobs: ports.importJobs,
    ledger: adapters.importRunLedger,
    logger,
    runEnded: buildRunEndedListener(config, adapters, ports, logger),
    sourceLimits: { maxFileNameLength: config.maxFileNameLength, maxFileBytes: config.maxPresignedFileBytes },
  };
}
