import { Annotations, CfnOutput, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BatchImportApi, type ApiThrottling } from './constructs/batch-import-api';
import { ChunkQueue } from './constructs/chunk-queue';
import { DataTables, type DataTablesProps } from './constructs/data-tables';
import { DEFAULT_EMAIL_SENDER, EmailConfiguration, grantSendEmail, isPlaceholderSender, type EmailSender } from './constructs/email-sending';
import { ServiceAlarms, type AlarmThresholds } from './constructs/service-alarms';
import { ScheduledFunctions } from './constructs/scheduled-functions';
import { ServiceSchedules, type FixedSchedule } from './constructs/service-schedules';
import { UploadIngest } from './constructs/upload-ingest';
import { WorkerFunctions, type ReservedConcurrency } from './constructs/worker-functions';
import { DeadChunkConsumer } from './constructs/dead-chunk-consumer';
import { LeaseSweeper } from './constructs/lease-sweeper';
import { RunEndedConsumer } from './constructs/run-ended-consumer';
import { grantStartImportJobRuns } from './constructs/import-run-grants';
import { grantSendMessage } from './constructs/least-privilege';
import { SecureQueue } from './constructs/secure-queue';
import { applyNagSuppressions } from './nag-suppressions';
import { CHUNK_QUEUE, CONTROL_TABLE, RECORDS_TABLE, REPORTS_QUEUE, SCHEDULE_TARGET, SCHEDULED_FUNCTIONS, UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE, type ScheduledFunctionName } from './resources';

export interface BatchImportStackProps extends StackProps {
  /**
   * What happens to the tables and the upload bucket when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly dataRemovalPolicy?: RemovalPolicy;
  /**
   * How long function and access logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Rows a namespace may import in a calendar month (UTC) unless a limit was set for it (§9): the functions'
   * MONTHLY_ROW_LIMIT.
   * @default the functions' own default, 10,000,000
   */
  readonly monthlyRowLimit?: number;
  /**
   * Days an imported record is kept (`-c recordsTtlDays=N`, the functions' RECORDS_TTL_DAYS): the writer sets the
   * records table's TTL attribute on each new record, and DynamoDB deletes it some time after (within days;
   * deletes by TTL cost nothing). A record imported again after it expired is new again.
   * @default none: records are kept for good
   */
  readonly recordsTtlDays?: number;
  /**
   * What one file may hold before the readers stop (the functions' MAX_COLUMNS, MAX_ROW_BYTES, MAX_JSON_DEPTH):
   * columns of a CSV header or row, bytes of one CSV record or NDJSON line, nesting of one JSON item.
   * @default the functions' own defaults: 2,000 columns, 1 MiB, 64 levels
   */
  readonly fileLimits?: { readonly maxColumns?: number; readonly maxRowBytes?: number; readonly maxJsonDepth?: number };
  /**
   * Who alert emails come from: an address of an SES identity verified in the stack's account and region. The
   * functions may send as that address only.
   * @default `batch-import@example.com` (identity `example.com`): a placeholder that deploys but cannot send
   */
  readonly emailSender?: EmailSender;
  /**
   * Deploy with the placeholder sender anyway (`-c allowPlaceholderSender=true`): the stack works, but sends no
   * email. Without it, a stack bound to an account (what `cdk deploy` synthesizes) refuses the placeholder; an
   * environment-agnostic synth (no credentials, CI) only warns.
   * @default false
   */
  readonly allowPlaceholderSender?: boolean;
  /**
   * An address subscribed to the alarm topic (`-c alarmEmail=ops@example.org`); it must confirm the subscription.
   * @default none: subscribe to the AlarmTopicArn output yourself
   */
  readonly alarmEmail?: string;
  /** @default the defaults of AlarmThresholds */
  readonly alarmThresholds?: AlarmThresholds;
  /**
   * Concurrency reserved for the splitter and the chunk processor (see WorkerFunctionsProps).
   * @default RESERVED_CONCURRENCY from lib/resources.ts
   */
  readonly reservedConcurrency?: Partial<ReservedConcurrency>;
  /**
   * Throttling of the API's stage and of its upload routes.
   * @default API_THROTTLING from lib/resources.ts
   */
  readonly apiThrottling?: Partial<ApiThrottling>;
  /**
   * Where people reach the service (`-c publicBaseUrl=https://imports.example.org`), for the dashboard links in
   * alert emails: the functions' PUBLIC_BASE_URL. Set it when a custom domain fronts the API.
   * @default the HTTP API's own URL (`https://<id>.execute-api.<region>.amazonaws.com`)
   */
  readonly publicBaseUrl?: string;
  /**
   * Warm throughput by table definition id, e.g. `{ RecordsTable: { writeUnitsPerSecond: 40_000 } }`, so a large
   * first import does not wait for an on-demand table to ramp up (see DataTablesProps and docs/capacity.md).
   * @default none
   */
  readonly warmThroughput?: DataTablesProps['warmThroughput'];
}

/**
 * The batch import service: HTTP API → uploads in S3 → object-created events → splitter → chunk queue →
 * chunk processor → DynamoDB. Composes the constructs and hands each function the names it needs.
 */
export class BatchImportStack extends Stack {
  public readonly tables: DataTables;
  public readonly ingest: UploadIngest;
  public readonly chunks: ChunkQueue;
  public readonly reports: SecureQueue;
  public readonly api: BatchImportApi;
  public readonly workers: WorkerFunctions;
  public readonly scheduled: ScheduledFunctions;
  public readonly schedules: ServiceSchedules;
  public readonly leaseSweeper: LeaseSweeper;
  public readonly deadChunks: DeadChunkConsumer;
  public readonly runEnded: RunEndedConsumer;
  public readonly email: EmailConfiguration;
  public readonly alarms: ServiceAlarms;

  constructor(scope: Construct, id: string, props: BatchImportStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;
    const { monthlyRowLimit, recordsTtlDays } = props;
    if (recordsTtlDays !== undefined && !(Number.isInteger(recordsTtlDays) && recordsTtlDays > 0 && recordsTtlDays <= 36_500)) {
      throw new Error(`BatchImportStack: recordsTtlDays must be a whole number of days in 1..36500, got ${recordsTtlDays}`);
    }
    if (monthlyRowLimit !== undefined && !(Number.isSafeInteger(monthlyRowLimit) && monthlyRowLimit > 0)) {
      throw new Error(`BatchImportStack: monthlyRowLimit must be a positive integer, got ${monthlyRowLimit}`);
    }

    this.tables = new DataTables(this, 'DataTables', { removalPolicy, warmThroughput: props.warmThroughput });
    this.ingest = new UploadIngest(this, 'UploadIngest', { removalPolicy });
    this.chunks = new ChunkQueue(this, 'ChunkQueue');
    this.reports = new SecureQueue(this, REPORTS_QUEUE.id, { definition: REPORTS_QUEUE });

    const controlTable = this.tables.table(CONTROL_TABLE.id);
    const recordsTable = this.tables.table(RECORDS_TABLE.id);
    const bucket = this.ingest.bucket;
    // Every function gets every name (a name grants no access by itself); each function's schema
    // (functions/config/function-configs.ts) requires the ones it reads, and test/infra/function-config.test.ts checks it.
    const environment = {
      [CONTROL_TABLE.envVar]: controlTable.tableName,
      [RECORDS_TABLE.envVar]: recordsTable.tableName,
      [UPLOAD_BUCKET.envVar]: bucket.bucketName,
      [CHUNK_QUEUE.envVar]: this.chunks.queue.queueUrl,
      ...(monthlyRowLimit !== undefined ? { MONTHLY_ROW_LIMIT: String(monthlyRowLimit) } : {}),
      ...(recordsTtlDays !== undefined ? { RECORDS_TTL_DAYS: String(recordsTtlDays) } : {}),
      ...fileLimitsEnvironment(props.fileLimits),
      [UPLOAD_EVENTS_QUEUE.envVar]: this.ingest.eventsQueue.queueUrl,
      [REPORTS_QUEUE.envVar]: this.reports.queue.queueUrl,
    };

    this.api = new BatchImportApi(this, 'Api', {
      controlTable,
      bucket,
      chunkQueue: this.chunks.queue,
      environment,
      logRetention: props.logRetention,
      throttling: props.apiThrottling,
    });
    this.workers = new WorkerFunctions(this, 'Workers', {
      controlTable,
      recordsTable,
      bucket,
      uploadEventsQueue: this.ingest.eventsQueue,
      chunkQueue: this.chunks.queue,
      reportsQueue: this.reports.queue,
      environment,
      logRetention: props.logRetention,
      reservedConcurrency: props.reservedConcurrency,
    });

    this.scheduled = new ScheduledFunctions(this, 'Scheduled', { environment, logRetention: props.logRetention });
    const fixedSchedules: FixedSchedule[] = [];
    for (const [name, definition] of Object.entries(SCHEDULED_FUNCTIONS) as Array<[ScheduledFunctionName, { fixedSchedule?: string }]>) {
      if (definition.fixedSchedule) {
        fixedSchedules.push({
          name,
          expression: definition.fixedSchedule,
          targetArn: this.scheduled.arnOf(name),
          targetFunction: this.scheduled.functions[name],
        });
      }
    }
    this.schedules = new ServiceSchedules(this, 'Schedules', { targetArn: this.scheduled.arnOf(SCHEDULE_TARGET), fixedSchedules });
    grantStartImportJobRuns(this.scheduled.functions.runImportJob, { controlTable, bucket });

    this.leaseSweeper = new LeaseSweeper(this, 'LeaseSweeper', {
      controlTable,
      bucket,
      uploadEventsQueue: this.ingest.eventsQueue,
      environment,
      logRetention: props.logRetention,
      scheduleGroupName: this.schedules.groupName,
      scheduleDeadLetterQueue: this.schedules.deadLetterQueue,
    });
    this.deadChunks = new DeadChunkConsumer(this, 'DeadChunks', {
      controlTable,
      recordsTable,
      bucket,
      deadLetterQueue: this.chunks.deadLetterQueue,
      environment,
      logRetention: props.logRetention,
    });

    // The run-ended event (a run item's terminal write, on the control table's stream) has one consumer, which applies
    // the run policy: it puts reruns of import jobs, sends the alerts (§7, §10) and asks for the run's final reports.
    // The import jobs function puts, pauses and deletes schedules and sends the sampling-failed alert. No other
    // function touches schedules, SES or the reports queue.
    const sender = props.emailSender ?? DEFAULT_EMAIL_SENDER;
    if (isPlaceholderSender(sender) && !props.allowPlaceholderSender) {
      const advice =
        `the alert sender is the placeholder ${sender.fromAddress}, which cannot send. Deploy with ` +
        '-c emailFromAddress=<an address of an SES identity verified in the account> (and -c emailIdentity=<domain>), ' +
        'or with -c allowPlaceholderSender=true to deploy a stack that sends no email.';
      // Bound to an account means synthesized for a deployment (`cdk deploy` has credentials): stop there.
      if (!Token.isUnresolved(this.account)) throw new Error(`BatchImportStack: ${advice}`);
      Annotations.of(this).addWarningV2('batch-import:placeholder-sender', `Deploying this template as is: ${advice}`);
    }
    this.email = new EmailConfiguration(this, 'Email');
    this.runEnded = new RunEndedConsumer(this, 'RunEnded', { controlTable, environment, logRetention: props.logRetention });
    // The emails' dashboard links. The API's URL is an attribute of the API alone (an HTTP API has no deployment
    // that waits for its routes), so the functions behind the routes can take it without a dependency cycle.
    const publicBaseUrl = props.publicBaseUrl ?? this.api.httpApi.apiEndpoint;
    if (props.publicBaseUrl !== undefined && !Token.isUnresolved(props.publicBaseUrl)) checkPublicBaseUrl(props.publicBaseUrl);
    for (const fn of [this.runEnded.function, this.api.functions.importJobs]) {
      this.schedules.grantManageSchedules(fn);
      grantSendEmail(fn, sender, this.email.configurationSet);
      fn.addEnvironment(PUBLIC_BASE_URL_ENV, publicBaseUrl);
    }
    grantSendMessage(this.runEnded.function, this.reports.queue);

    this.alarms = new ServiceAlarms(this, 'Alarms', {
      alarmEmail: props.alarmEmail,
      thresholds: props.alarmThresholds,
      functions: {
        ...Object.fromEntries(Object.entries(this.api.functions).map(([name, fn]) => [`Api-${name}`, fn])),
        Splitter: this.workers.splitter,
        ChunkProcessor: this.workers.chunkProcessor,
        ReportBuilder: this.workers.reportBuilder,
        ...Object.fromEntries(Object.entries(this.scheduled.functions).map(([name, fn]) => [`Scheduled-${name}`, fn])),
        LeaseSweeper: this.leaseSweeper.function,
        DeadChunks: this.deadChunks.function,
        RunEnded: this.runEnded.function,
      },
      deadLetterQueues: {
        ChunkDLQ: this.chunks.deadLetterQueue,
        SalvageFailed: this.chunks.salvageFailedQueue,
        UploadEventsDLQ: this.ingest.eventsDeadLetterQueue,
        ReportsDLQ: this.reports.deadLetterQueue,
        ScheduleDLQ: this.schedules.deadLetterQueue,
        RunImportJobFailures: this.scheduled.failedInvocations,
        RunEndedFailures: this.runEnded.failureQueue,
      },
      chunkQueue: this.chunks.queue,
      uploadEventsQueue: this.ingest.eventsQueue,
      httpApi: this.api.httpApi,
      tables: { ControlTable: controlTable, RecordsTable: recordsTable },
      scheduleGroupName: this.schedules.groupName,
      configurationSetName: this.email.configurationSet.configurationSetName,
    });

    // Output ids are looked up by name (the keys CLI reads ControlTableName): keep them stable.
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'ControlTableName', { value: controlTable.tableName });
    new CfnOutput(this, 'RecordsTableName', { value: recordsTable.tableName });
    new CfnOutput(this, 'UploadBucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'SNS topic every alarm notifies' });

    // The cdk-nag findings kept on purpose, each with its reason (lib/nag-suppressions.ts).
    applyNagSuppressions(this);
  }
}

/** The functions' variable for the emails' links (functions/config/pieces.ts, Links). */
export const PUBLIC_BASE_URL_ENV = 'PUBLIC_BASE_URL';

/** A bad publicBaseUrl fails the synth rather than every emailing function's cold start. */
function checkPublicBaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`BatchImportStack: publicBaseUrl must be an absolute URL, got ${value}`);
  }
  if (url.protocol !== 'https:' || url.search !== '' || url.hash !== '') {
    throw new Error(`BatchImportStack: publicBaseUrl must be an https URL without query or fragment, got ${value}`);
  }
}

/** The file limits as the functions read them; each checked here, so a bad value fails the synth, not a cold start. */
function fileLimitsEnvironment(limits: BatchImportStackProps['fileLimits'] = {}): Record<string, string> {
  const variables = { MAX_COLUMNS: limits.maxColumns, MAX_ROW_BYTES: limits.maxRowBytes, MAX_JSON_DEPTH: limits.maxJsonDepth };
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) continue;
    if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`BatchImportStack: fileLimits (${name}) must be a positive integer, got ${value}`);
    environment[name] = String(value);
  }
  return environment;
}
