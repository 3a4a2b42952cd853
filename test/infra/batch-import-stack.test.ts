import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Match } from 'aws-cdk-lib/assertions';
import {
  API_FUNCTIONS,
  CHUNK_QUEUE,
  CONTROL_TABLE,
  RECORDS_TABLE,
  REPORTS_QUEUE,
  UNMATCHED_ROUTE_FUNCTION,
  UPLOAD_BUCKET,
  UPLOAD_EVENTS_QUEUE,
  WORKER_FUNCTIONS,
  DEAD_LETTER_FUNCTIONS,
} from '../../lib/resources';
import { ROUTES, ALL_ROUTES } from '../../lib/routes';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

let built: BuiltStack;

beforeAll(() => {
  // Arrange / Act (shared): builds the stack once.
  built = buildStack();
}, BUILD_TIMEOUT_MS);

const resourceProps = (logicalId: string): Record<string, any> => built.template.toJSON().Resources[logicalId].Properties;

const serviceFunctions = (): [string, lambda.IFunction][] => {
  const { api, workers, scheduled, leaseSweeper, deadChunks, runEnded } = built.stack;
  return [
    ...Object.entries(api.functions),
    ['splitter', workers.splitter],
    ['chunkProcessor', workers.chunkProcessor],
    ['reportBuilder', workers.reportBuilder],
    ...Object.entries(scheduled.functions),
    ['leaseSweeper', leaseSweeper.function],
    ['deadChunks', deadChunks.function],
    ['runEnded', runEnded.function],
  ];
};

describe('Construct: ServiceFunction', () => {
  it('builds every service function with the service-wide settings', () => {
    // Assert
    const withServiceName = built.template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'batch-import' } } },
    });
    expect(Object.keys(withServiceName).sort()).toEqual(serviceFunctions().map(([, fn]) => built.logicalId(fn)).sort());
  });

  it.each(['uploads', 'jobs', 'health', 'splitter', 'chunkProcessor', 'reportBuilder', 'runImportJob', 'leaseSweeper', 'deadChunks', 'runEnded'])(
    '%s runs Node.js 22 on arm64 with tracing, source maps and every resource name',
    (name) => {
      // Arrange
      const fn = new Map(serviceFunctions()).get(name)!;
      const { stack } = built;
      // Assert
      expect(resourceProps(built.logicalId(fn))).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'batch-import',
            LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
            [CONTROL_TABLE.envVar]: stack.resolve(stack.tables.table(CONTROL_TABLE.id).tableName),
            [RECORDS_TABLE.envVar]: stack.resolve(stack.tables.table(RECORDS_TABLE.id).tableName),
            [UPLOAD_BUCKET.envVar]: stack.resolve(stack.ingest.bucket.bucketName),
            [CHUNK_QUEUE.envVar]: stack.resolve(stack.chunks.queue.queueUrl),
            [UPLOAD_EVENTS_QUEUE.envVar]: stack.resolve(stack.ingest.eventsQueue.queueUrl),
            [REPORTS_QUEUE.envVar]: stack.resolve(stack.reports.queue.queueUrl),
          },
        },
      });
    },
  );

  it('logs every function to its own log group with a retention', () => {
    // Assert
    for (const [, fn] of serviceFunctions()) {
      const logGroup = resourceProps(built.logicalId(fn)).LoggingConfig.LogGroup;
      expect(resourceProps(logGroup.Ref)).toEqual({ RetentionInDays: 30 });
    }
  });
});

describe('Construct: WorkerFunctions', () => {
  const workers = [
    ['splitter', UPLOAD_EVENTS_QUEUE, () => built.stack.ingest.eventsQueue.queueArn] as const,
    ['chunkProcessor', CHUNK_QUEUE, () => built.stack.chunks.queue.queueArn] as const,
    ['reportBuilder', REPORTS_QUEUE, () => built.stack.reports.queue.queueArn] as const,
  ];

  it('gives the reports queue its definition and a dead-letter queue', () => {
    // Assert
    expect(resourceProps(built.logicalId(built.stack.reports.queue))).toMatchObject({
      VisibilityTimeout: REPORTS_QUEUE.visibilityTimeoutSeconds,
      MessageRetentionPeriod: REPORTS_QUEUE.retentionDays * 24 * 3600,
      RedrivePolicy: {
        deadLetterTargetArn: built.stack.resolve(built.stack.reports.deadLetterQueue.queueArn),
        maxReceiveCount: REPORTS_QUEUE.maxReceiveCount,
      },
    });
  });

  it.each(workers)('%s takes its timeout and memory from its queue definition', (name, definition) => {
    // Arrange
    const fn = built.stack.workers[name];
    // Assert
    expect(resourceProps(built.logicalId(fn))).toMatchObject({
      Timeout: definition.consumerTimeoutSeconds,
      MemorySize: definition.consumerMemoryMb,
    });
  });

  it.each(workers)('%s consumes its queue in batches, capped, reporting partial failures', (name, definition, queueArn) => {
    // Arrange
    const fn = built.stack.workers[name];
    // Assert
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: built.logicalId(fn) },
      EventSourceArn: built.stack.resolve(queueArn()),
      BatchSize: definition.batchSize,
      ScalingConfig: { MaximumConcurrency: definition.maximumConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds:
        definition.maxBatchingWindowSeconds > 0 ? definition.maxBatchingWindowSeconds : Match.absent(),
    });
  });

  it('has one event source mapping per worker, per dead-letter consumer and for the run-ended stream, and no other', () => {
    // Assert
    built.template.resourceCountIs(
      'AWS::Lambda::EventSourceMapping',
      Object.keys(WORKER_FUNCTIONS).length + Object.keys(DEAD_LETTER_FUNCTIONS).length + 1,
    );
  });
});

describe('Construct: BatchImportApi', () => {
  it.each(Object.entries(API_FUNCTIONS))('%s takes its timeout and memory from its definition', (name, definition) => {
    // Arrange
    const fn = built.stack.api.functions[name as keyof typeof API_FUNCTIONS];
    // Assert
    expect(resourceProps(built.logicalId(fn))).toMatchObject({
      Timeout: definition.timeoutSeconds,
      MemorySize: definition.memoryMb,
    });
  });

  it('has exactly one route per ROUTES and DASHBOARD_ROUTES entry, and the $default route', () => {
    // Assert
    const routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      [...ALL_ROUTES.map((route) => `${route.method} ${route.path}`), '$default'].sort(),
    );
  });

  it('sends requests no route matches to the unmatched-route function, so they get the service\'s error body', () => {
    // Arrange
    const [route] = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: '$default' } }));
    const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
    // Assert
    expect(resourceProps(integrationId)).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: built.stack.resolve(built.stack.api.functions[UNMATCHED_ROUTE_FUNCTION].functionArn),
    });
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route.function] as const))(
    '%s reaches the %s function through a payload 2.0 proxy integration',
    (routeKey, functionName) => {
      // Arrange
      const matching = built.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } });
      const [route] = Object.values(matching);
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
      // Assert
      expect(resourceProps(integrationId)).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: built.stack.resolve(built.stack.api.functions[functionName].functionArn),
      });
    },
  );

  it('deploys the $default stage automatically, with access logs', () => {
    // Assert
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: built.stack.resolve(built.stack.api.accessLogGroup.logGroupArn) },
    });
  });

  it('writes its access logs as one JSON object a request, keyed by the request id the functions log', () => {
    // Arrange
    const stages = built.template.findResources('AWS::ApiGatewayV2::Stage');
    const [stage] = Object.values(stages) as Array<{ Properties: { AccessLogSettings: { Format: string } } }>;
    // Act
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
    // Assert
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });
});

describe('Stack: BatchImportService', () => {
  it('outputs exactly the API URL, the table names, the bucket name and the alarm topic', () => {
    // Arrange
    const { stack } = built;
    // Assert
    expect(built.template.toJSON().Outputs).toEqual({
      ApiUrl: expect.objectContaining({ Value: stack.resolve(stack.api.httpApi.apiEndpoint) }),
      ControlTableName: { Value: stack.resolve(stack.tables.table(CONTROL_TABLE.id).tableName) },
      RecordsTableName: { Value: stack.resolve(stack.tables.table(RECORDS_TABLE.id).tableName) },
      UploadBucketName: { Value: stack.resolve(stack.ingest.bucket.bucketName) },
      AlarmTopicArn: expect.objectContaining({ Value: stack.resolve(stack.alarms.topic.topicArn) }),
    });
  });

  it('keeps its data when removed', () => {
    // Assert
    for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket']) {
      built.template.allResources(type, { DeletionPolicy: 'Retain' });
    }
  });
});
