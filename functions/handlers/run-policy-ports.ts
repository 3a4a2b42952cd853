import type { AwsClients } from '../adapters/aws-clients';
import { EventBridgeScheduler } from '../adapters/scheduler/eventbridge-scheduler';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { SqsReportRequests } from '../adapters/sqs/report-requests';
import type { ReportRequests } from '../core/reports/report-files';
import { DynamoImportJobAlerts } from '../adapters/dynamodb/import-job-alerts';
import type { ImportJobAlertsConfig, RunEndedConfig } from '../config';
import type { ImportJobRepository } from '../core/import-jobs/ports';
import { dashboardLinks, type DashboardLinks } from '../core/notifications/links';
import type { AlertStateStore, Mailer } from '../core/notifications/ports';
import type { Scheduler } from '../core/scheduling/ports';
import type { Adapters } from './dependencies';

/** The adapters the run policy needs beyond the common ones: import jobs, their schedules, mail and reports. */
export interface RunPolicyPorts {
  readonly importJobs: ImportJobRepository;
  readonly scheduler: Scheduler;
  readonly mailer: Mailer;
  /** Each import job's alert state (which outcome its recipients last heard about). */
  readonly alerts: AlertStateStore;
  /** The emails' dashboard links, under PUBLIC_BASE_URL. */
  readonly links: DashboardLinks;
  /** The report builder's queue (REPORTS_QUEUE_URL, required wherever a run can end). */
  readonly reports: ReportRequests;
}

/**
 * Built once per cold start by every function that can end a run, from the configuration its composition root
 * read (its schema requires the scheduling and mail settings, PUBLIC_BASE_URL's default aside, and REPORTS_QUEUE_URL).
 */
export function runPolicyPorts(config: RunEndedConfig, clients: AwsClients, adapters: Adapters): RunPolicyPorts {
  return {
    ...importJobAlertPorts(config, clients, adapters),
    reports: new SqsReportRequests(clients.sqs, config.reportsQueueUrl, config.reportBuildDelaySeconds),
  };
}

/** The schedules, mail and links of import jobs, for a function that reaches them without ending runs (import jobs). */
export function importJobAlertPorts(config: ImportJobAlertsConfig, clients: AwsClients, adapters: Adapters): Omit<RunPolicyPorts, 'reports'> {
  return {
    importJobs: adapters.importJobs,
    scheduler: new EventBridgeScheduler({ client: clients.scheduler, ...config.scheduling }),
    mailer: new SesMailer({ client: clients.ses, ...config.mail }),
    alerts: new DynamoImportJobAlerts(clients.dynamo, config.controlTable),
    links: dashboardLinks(config.publicBaseUrl),
  };
}
