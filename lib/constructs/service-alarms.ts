import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SERVICE_METRICS } from '../resources';

/** Thresholds of the alarms; every one can be overridden. */
export interface AlarmThresholds {
  /** Age of the oldest chunk message before it alarms (chunks take seconds each). @default 1800 s */
  readonly chunkQueueAgeSeconds?: number;
  /** Age of the oldest upload event before it alarms (a split takes up to 15 minutes a pass). @default 3600 s */
  readonly uploadEventsAgeSeconds?: number;
  /** Age of a DLQ's oldest message: nobody has looked at it for this long. @default 86400 s */
  readonly deadLetterAgeSeconds?: number;
  /** Share of API requests answered 5xx, in percent, over five minutes. @default 5 */
  readonly api5xxPercent?: number;
  /** p99 latency of the API over five minutes (the integration timeout is 30 s). @default 10000 ms */
  readonly apiP99LatencyMs?: number;
  /** SES bounce rate of the configuration set (SES reviews an account at 5 %). @default 0.05 */
  readonly bounceRate?: number;
  /** SES complaint rate of the configuration set (SES reviews an account at 0.1 %). @default 0.001 */
  readonly complaintRate?: number;
}

export interface ServiceAlarmsProps {
  /**
   * An address subscribed to the alarm topic (it must confirm the subscription).
   * @default no subscription: subscribe to the topic yourself
   */
  readonly alarmEmail?: string;
  /** Every function of the service, by a readable name: errors and throttles. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Queues a message reaches only when something failed, by name: depth and oldest message. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** The chunk queue and the upload-events queue: the age of their oldest message. */
  readonly chunkQueue: sqs.IQueue;
  readonly uploadEventsQueue: sqs.IQueue;
  readonly httpApi: apigwv2.IHttpApi;
  /** The tables, by name: throttled requests and system errors. */
  readonly tables: Readonly<Record<string, dynamodb.ITableV2>>;
  /** The schedule group holding every schedule: target errors and dropped invocations. */
  readonly scheduleGroupName: string;
  /** The SES configuration set alert emails are sent with: bounce and complaint rates. */
  readonly configurationSetName: string;
  /** @default the defaults listed in AlarmThresholds */
  readonly thresholds?: AlarmThresholds;
}

const FIVE_MINUTES = Duration.minutes(5);
// The table operations the service uses (a metric math alarm takes at most ten metrics).
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * Alarms that reach someone: every alarm of the service notifies one SNS topic (and, if given, an email address),
 * on entering ALARM and on recovering. Plus a dashboard of the service's work: rows per minute, runs by outcome,
 * queue depth, errors.
 */
export class ServiceAlarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const t = props.thresholds ?? {};
    // SNS-managed encryption keeps the topic encrypted; CloudWatch may publish to it through its resource policy.
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Batch import service alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) {
      if (!/^[^@\s]+@[^@\s]+$/.test(props.alarmEmail)) {
        throw new Error(`ServiceAlarms: alarmEmail '${props.alarmEmail}' is not an email address`);
      }
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}Depth`, `${name}: messages are waiting (something failed for good)`, queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }), 1);
      this.alarm(`${name}OldestMessage`, `${name}: a message has waited for a person too long`, queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }), t.deadLetterAgeSeconds ?? 86_400);
    }
    this.alarm('ChunkQueueOldestMessage', 'Chunks wait too long: processors are starved, throttled or failing', props.chunkQueue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }), t.chunkQueueAgeSeconds ?? 1800);
    this.alarm('UploadEventsOldestMessage', 'Uploads wait too long to be split', props.uploadEventsQueue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }), t.uploadEventsAgeSeconds ?? 3600);

    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, `${name}: invocations failed`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1);
      this.alarm(`${name}Throttles`, `${name}: invocations were throttled`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 1);
    }

    const api5xxRate = new cloudwatch.MathExpression({
      // No traffic means no rate, not a breach.
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
      label: 'API 5xx %',
    });
    this.alarm('Api5xxRate', 'The API answers 5xx to too many requests', api5xxRate, t.api5xxPercent ?? 5);
    this.alarm('ApiP99Latency', 'The API is slow (p99)', props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }), t.apiP99LatencyMs ?? 10_000);

    for (const [name, table] of Object.entries(props.tables)) {
      const throttles = new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
          writes: table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: `${name} throttled requests`,
      });
      this.alarm(`${name}Throttles`, `${name}: requests were throttled`, throttles, 1);
      const systemErrors = table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES });
      this.alarm(`${name}SystemErrors`, `${name}: DynamoDB answered with system errors`, systemErrors, 1);
    }

    const scheduler = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({ namespace: 'AWS/Scheduler', metricName, dimensionsMap: { ScheduleGroup: props.scheduleGroupName }, period: FIVE_MINUTES, statistic: 'Sum' });
    this.alarm('SchedulerTargetErrors', 'Scheduler could not invoke a schedule target', scheduler('TargetErrorCount'), 1);
    this.alarm('SchedulerDroppedInvocations', 'Scheduler dropped invocations after its retries', scheduler('InvocationDroppedCount'), 1);
    // Every schedule has a dead-letter queue; an event Scheduler could not put there is lost, not parked.
    this.alarm('SchedulerDeadLetterFailures', 'Scheduler could not send a failed invocation to its dead-letter queue', scheduler('InvocationsFailedToBeSentToDeadLetterCount'), 1);

    const ses = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        period: Duration.hours(1),
        statistic: 'Average',
      });
    this.alarm('EmailBounceRate', 'Alert emails bounce (SES reviews the account at 5 %)', ses('Reputation.BounceRate'), t.bounceRate ?? 0.05);
    this.alarm('EmailComplaintRate', 'Alert emails draw complaints (SES reviews the account at 0.1 %)', ses('Reputation.ComplaintRate'), t.complaintRate ?? 0.001);

    this.dashboard = this.buildDashboard(props);
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric, threshold: number): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data (an idle service, an empty queue) is not a failure.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private buildDashboard(props: ServiceAlarmsProps): cloudwatch.Dashboard {
    const service = (metricName: string, statistic: string, dimensions: Record<string, string> = {}): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: SERVICE_METRICS.namespace,
        metricName,
        dimensionsMap: { service: SERVICE_METRICS.service, ...dimensions },
        period: Duration.minutes(1),
        statistic,
      });
    const runsByOutcome = new cloudwatch.MathExpression({
      // Every outcome the functions reported, one line each (RunDuration is emitted once per ended run).
      expression: `SEARCH('{${SERVICE_METRICS.namespace},service,${SERVICE_METRICS.outcomeDimension}} MetricName="${SERVICE_METRICS.runDuration}"', 'SampleCount', 300)`,
      label: 'Runs ended',
      period: Duration.minutes(5),
    });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Rows per minute',
        left: [
          service(SERVICE_METRICS.rowsImported, 'Sum').with({ label: 'imported' }),
          service(SERVICE_METRICS.rowsFailed, 'Sum').with({ label: 'failed' }),
          service(SERVICE_METRICS.rowsSkipped, 'Sum').with({ label: 'skipped' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Runs by outcome (per 5 minutes)', left: [runsByOutcome], width: 12 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Queue depth',
        left: [
          props.chunkQueue.metricApproximateNumberOfMessagesVisible({ label: 'chunks' }),
          props.uploadEventsQueue.metricApproximateNumberOfMessagesVisible({ label: 'upload events' }),
          ...Object.entries(props.deadLetterQueues).map(([name, queue]) => queue.metricApproximateNumberOfMessagesVisible({ label: name })),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Chunk and run duration (p90)',
        left: [service(SERVICE_METRICS.chunkDuration, 'p90').with({ label: 'chunk (ms)' })],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ label: name, statistic: 'Sum', period: Duration.minutes(5) })),
        width: 24,
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
    return dashboard;
  }
}
