import type { AwsClients } from '../adapters/aws-clients';
import { EventBridgeScheduler } from '../adapters/scheduler/eventbridge-scheduler';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { SqsReportRequests } from '../adapters/sqs/report-requests';
import type { ReportRequests } from '../core/reports/report-files';
import { DynamoImportJobAlerts } from '../adapters/dynamodb/import-job-alerts';
import { loadMailConfig, loadPublicBaseUrl, loadSchedulingConfig, type Config } from '../config';
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
  /** The report builder's queue; absent where REPORTS_QUEUE_URL is not set (reports are then built on request). */
  readonly reports?: ReportRequests;
}

/**
 * Built once per cold start by every function that can end a run. Reads the scheduling and mail settings and
 * PUBLIC_BASE_URL, so a function deployed without them (or with a bad one) stops at start, naming the variable.
 */
export function runPolicyPorts(config: Config, clients: AwsClients, adapters: Adapters): RunPolicyPorts {
  return {
    ...(config.reportsQueueUrl ? { reports: new SqsReportRequests(clients.sqs, config.reportsQueueUrl, config.reportBuildDelaySeconds) } : {}),
    importJobs: adapters.importJobs,
    scheduler: new EventBridgeScheduler({ client: clients.scheduler, ...loadSchedulingConfig() }),
    mailer: new SesMailer({ client: clients.ses, ...loadMailConfig() }),
    alerts: new DynamoImportJobAlerts(clients.dynamo, config.controlTable),
    links: dashboardLinks(loadPublicBaseUrl()),
  };
}
