import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BatchImportApi } from '../../lib/constructs/batch-import-api';
import { DataTables } from '../../lib/constructs/data-tables';
import { UploadIngest } from '../../lib/constructs/upload-ingest';
import { ChunkQueue } from '../../lib/constructs/chunk-queue';
import { validateReservedConcurrency } from '../../lib/constructs/worker-functions';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { API_THROTTLING, CHUNK_QUEUE, CONTROL_TABLE, EMAIL_SENDER, RECORDS_TABLE, RESERVED_CONCURRENCY, SERVICE_METRICS, UPLOAD_EVENTS_QUEUE } from '../../lib/resources';
import { ROUTES } from '../../lib/routes';
import { newApp } from './support/app';
import { allowedGrants, renderResource } from './support/iam-statements';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

// Items 1, 2, 5 and 7 of the production review: alarms, dashboard, throttling, reserved concurrency, table
// protection and SES, on the stack `cdk synth` builds.
describe('Stack: operations', () => {
  let built: BuiltStack;

  beforeAll(() => {
    built = buildStack();
  }, BUILD_TIMEOUT_MS);

  const resources = (): Resources => (built.template.toJSON() as { Resources: Resources }).Resources;
  const alarms = () => Object.values(resources()).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties);
  const resolve = (value: unknown) => built.stack.resolve(value);
  const topic = () => resolve(built.stack.alarms.topic.topicArn);
  /** Alarms on a metric of the namespace, by one dimension's value. */
  const alarmsOn = (namespace: string, metricName: string, dimension?: unknown) =>
    alarms().filter(
      (a) =>
        a.Namespace === namespace &&
        a.MetricName === metricName &&
        (dimension === undefined || JSON.stringify(a.Dimensions ?? []).includes(JSON.stringify(dimension))),
    );

  it('sends every alarm to the alarm topic, on alarm and on recovery', () => {
    expect(alarms().length).toBeGreaterThan(40);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([topic()]);
      expect(alarm.OKActions).toEqual([topic()]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    built.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it("watches each dead-letter queue's depth and oldest message, and the oldest chunk and upload event", () => {
    const dlqs = [
      built.stack.chunks.deadLetterQueue,
      built.stack.chunks.salvageFailedQueue,
      built.stack.ingest.eventsDeadLetterQueue,
      built.stack.reports.deadLetterQueue,
      built.stack.schedules.deadLetterQueue,
      built.stack.scheduled.failedInvocations,
    ];
    for (const queue of dlqs) {
      const name = { Name: 'QueueName', Value: resolve(queue.queueName) };
      expect(alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', name)).toEqual([expect.objectContaining({ Threshold: 1 })]);
      expect(alarmsOn('AWS/SQS', 'ApproximateAgeOfOldestMessage', name)).toHaveLength(1);
    }
    for (const queue of [built.stack.chunks.queue, built.stack.ingest.eventsQueue]) {
      expect(alarmsOn('AWS/SQS', 'ApproximateAgeOfOldestMessage', { Name: 'QueueName', Value: resolve(queue.queueName) })).toHaveLength(1);
    }
  });

  it('watches errors and throttles of every function', () => {
    const functions = Object.entries(resources()).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    // Every function but CDK's own helpers (the bucket-notifications handler).
    const service = functions.filter(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === SERVICE_METRICS.service);
    expect(service.length).toBeGreaterThanOrEqual(17);
    for (const [logicalId] of service) {
      const dimension = { Name: 'FunctionName', Value: { Ref: logicalId } };
      expect([alarmsOn('AWS/Lambda', 'Errors', dimension).length, alarmsOn('AWS/Lambda', 'Throttles', dimension).length]).toEqual([1, 1]);
    }
  });

  it("watches the API's 5xx rate and p99 latency", () => {
    const apiId = { Name: 'ApiId', Value: resolve(built.stack.api.httpApi.apiId) };
    const rate = alarms().find((a) => (a.Metrics as Array<{ Expression?: string }> | undefined)?.some((m) => m.Expression?.includes('errors / requests')));
    expect(rate).toMatchObject({ Threshold: 5 });
    expect(JSON.stringify(rate?.Metrics)).toContain('"5xx"');
    expect(alarmsOn('AWS/ApiGateway', 'Latency', apiId)).toEqual([expect.objectContaining({ ExtendedStatistic: 'p99' })]);
  });

  it('watches throttled requests and system errors of each table', () => {
    for (const table of [built.stack.tables.table('ControlTable'), built.stack.tables.table('RecordsTable')]) {
      const tableName = JSON.stringify(resolve(table.tableName));
      const onTable = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes(tableName));
      const text = JSON.stringify(onTable);
      expect(onTable).toHaveLength(2);
      expect(text).toContain('WriteThrottleEvents');
      expect(text).toContain('SystemErrors');
    }
  });

  it("watches Scheduler's target errors and dropped invocations, and SES bounce and complaint rates", () => {
    const group = { Name: 'ScheduleGroup', Value: resolve(built.stack.schedules.groupName) };
    expect(alarmsOn('AWS/Scheduler', 'TargetErrorCount', group)).toHaveLength(1);
    expect(alarmsOn('AWS/Scheduler', 'InvocationDroppedCount', group)).toHaveLength(1);
    expect(alarmsOn('AWS/Scheduler', 'InvocationsFailedToBeSentToDeadLetterCount', group)).toHaveLength(1);
    // AWS/Scheduler's metrics carry the ScheduleGroup dimension only: the group must hold every schedule, the sweeper's too.
    const schedules = Object.values(resources()).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(schedules.length).toBeGreaterThan(0);
    for (const schedule of schedules) expect(schedule.Properties.GroupName).toEqual(group.Value);
    const set = { Name: 'ses:configuration-set', Value: resolve(built.stack.email.configurationSet.configurationSetName) };
    expect(alarmsOn('AWS/SES', 'Reputation.BounceRate', set)).toEqual([expect.objectContaining({ Threshold: 0.05 })]);
    expect(alarmsOn('AWS/SES', 'Reputation.ComplaintRate', set)).toEqual([expect.objectContaining({ Threshold: 0.001 })]);
  });

  it('draws a dashboard of rows per minute, runs by outcome, queue depth and errors', () => {
    const dashboards = Object.values(resources()).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const name of [SERVICE_METRICS.rowsImported, SERVICE_METRICS.rowsFailed, SERVICE_METRICS.runDuration, SERVICE_METRICS.outcomeDimension, 'ApproximateNumberOfMessagesVisible', 'Errors']) {
      expect(body).toContain(name);
    }
  });

  it('records bounces and complaints through a configuration set that every sender uses', () => {
    built.template.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
    built.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'] }),
    });
    const fn = built.stack.runEnded.function; // it sends the run emails
    const variables = resources()[built.logicalId(fn)].Properties.Environment.Variables;
    expect(variables[EMAIL_SENDER.configurationSetEnvVar]).toEqual(resolve(built.stack.email.configurationSet.configurationSetName));
    const sesGrants = allowedGrants(built.template.toJSON(), built.logicalId(fn.role!)).filter((g) => g.startsWith('ses:SendEmail '));
    // The sender's identity and the configuration set, nothing else.
    expect(sesGrants.map((grant) => grant.replace(/^ses:SendEmail arn:\$\{AWS::Partition\}:ses:\$\{AWS::Region\}:\$\{AWS::AccountId\}:/, ''))).toEqual([
      `configuration-set/${renderResource(resolve(built.stack.email.configurationSet.configurationSetName))}`,
      'identity/example.com',
    ]);
  });

  it('throttles the stage by default, and the upload routes tighter', () => {
    const stage = resources()[built.stack.getLogicalId(built.stack.api.stage.node.defaultChild as never)];
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: API_THROTTLING.rateLimit, ThrottlingBurstLimit: API_THROTTLING.burstLimit });
    const uploadRoutes = ROUTES.filter((route) => route.function === 'uploads' || route.function === 'presign').map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(uploadRoutes.sort());
    for (const settings of Object.values(stage.Properties.RouteSettings)) {
      expect(settings).toEqual({ ThrottlingRateLimit: API_THROTTLING.uploadRateLimit, ThrottlingBurstLimit: API_THROTTLING.uploadBurstLimit });
    }
  });

  it('reserves concurrency for the splitter and the chunk processor, above their event sources', () => {
    const cases = [
      [built.stack.workers.splitter, RESERVED_CONCURRENCY.splitter, UPLOAD_EVENTS_QUEUE.maximumConcurrency],
      [built.stack.workers.chunkProcessor, RESERVED_CONCURRENCY.chunkProcessor, CHUNK_QUEUE.maximumConcurrency],
    ] as const;
    for (const [fn, reserved, maximum] of cases) {
      expect(resources()[built.logicalId(fn)].Properties.ReservedConcurrentExecutions).toBe(reserved);
      built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: built.logicalId(fn) },
        ScalingConfig: { MaximumConcurrency: maximum },
      });
      expect(maximum).toBeLessThan(reserved);
    }
  });

  it('keeps records for good unless recordsTtlDays is given', () => {
    const processor = built.stack.workers.chunkProcessor.node.defaultChild as never;
    expect(resources()[built.stack.getLogicalId(processor)]!.Properties.Environment.Variables).not.toHaveProperty('RECORDS_TTL_DAYS');
  });

  it('protects both tables from deletion', () => {
    const tables = Object.values(resources()).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.Properties.Replicas.map((replica: { DeletionProtectionEnabled?: boolean }) => replica.DeletionProtectionEnabled)).toEqual([true]);
    }
  });
});

describe('Stack: configuration from props and context', () => {
  it('subscribes the alarm email and takes the reserved concurrency and throttling it is given', () => {
    const stack = new BatchImportStack(newApp(), 'Configured', {
      alarmEmail: 'ops@example.org',
      reservedConcurrency: { chunkProcessor: 40 },
      apiThrottling: { rateLimit: 500, uploadRateLimit: 25 },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: stack.resolve(stack.alarms.topic.topicArn) });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: Match.absent(), ReservedConcurrentExecutions: 40 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: API_THROTTLING.burstLimit },
      RouteSettings: Match.objectLike({ 'POST /batch-import/uploads': { ThrottlingRateLimit: 25, ThrottlingBurstLimit: API_THROTTLING.uploadBurstLimit } }),
    });
  });

  it('lets records expire after recordsTtlDays: the writer learns the days, and the records table sweeps its TTL attribute', () => {
    // Arrange
    const stack = new BatchImportStack(newApp(), 'Expiring', { recordsTtlDays: 400 });
    const template = Template.fromStack(stack);
    // Assert
    const processor = template.toJSON().Resources[stack.getLogicalId(stack.workers.chunkProcessor.node.defaultChild as never)];
    expect(processor.Properties.Environment.Variables).toMatchObject({ RECORDS_TTL_DAYS: '400' });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: Match.absent(),
      KeySchema: Match.anyValue(),
      TimeToLiveSpecification: { AttributeName: RECORDS_TABLE.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: Match.absent(),
    });
  });

  it.each([0, 1.5, 40_000])('refuses recordsTtlDays %p', (days) => {
    expect(() => new BatchImportStack(newApp(), 'Bad', { recordsTtlDays: days })).toThrow(/recordsTtlDays must be a whole number of days/);
  });

  it('refuses a reserved concurrency at or below the event source maximum', () => {
    expect(() => validateReservedConcurrency('ChunkProcessorFunction', CHUNK_QUEUE.maximumConcurrency, CHUNK_QUEUE.maximumConcurrency)).toThrow(/above its event source/);
    expect(() => validateReservedConcurrency('ChunkProcessorFunction', CHUNK_QUEUE.maximumConcurrency + 1, CHUNK_QUEUE.maximumConcurrency)).not.toThrow();
  });

  it('refuses upload routes throttled looser than the stage', () => {
    const stack = new Stack(newApp(), 'Api');
    const tables = new DataTables(stack, 'Tables');
    const ingest = new UploadIngest(stack, 'Ingest');
    const chunks = new ChunkQueue(stack, 'Chunks');
    expect(
      () =>
        new BatchImportApi(stack, 'Api', {
          controlTable: tables.table(CONTROL_TABLE.id),
          bucket: ingest.bucket,
          chunkQueue: chunks.queue,
          throttling: { rateLimit: 10, uploadRateLimit: 50 },
        }),
    ).toThrow(/looser than the stage/);
  });

  it('stops a stack bound to an account (cdk deploy) with the placeholder sender, with what to do', () => {
    expect(() => new BatchImportStack(newApp(), 'Deploy', { env: { account: '111122223333', region: 'eu-west-1' } })).toThrow(
      /placeholder batch-import@example\.com.*-c emailFromAddress=.*-c allowPlaceholderSender=true/,
    );
    expect(
      () => new BatchImportStack(newApp(), 'Allowed', { env: { account: '111122223333', region: 'eu-west-1' }, allowPlaceholderSender: true }),
    ).not.toThrow();
  });

  it('only warns when synthesized without an account (CI, no credentials)', () => {
    const stack = new BatchImportStack(newApp(), 'Agnostic');
    Annotations.fromStack(stack).hasWarning('/Agnostic', Match.stringLikeRegexp('placeholder batch-import@example\\.com'));
  });
});
