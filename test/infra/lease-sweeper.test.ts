import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChunkQueue } from '../../lib/constructs/chunk-queue';
import { DataTables } from '../../lib/constructs/data-tables';
import { DeadChunkConsumer } from '../../lib/constructs/dead-chunk-consumer';
import { LeaseSweeper } from '../../lib/constructs/lease-sweeper';
import { UploadIngest } from '../../lib/constructs/upload-ingest';
import { CONTROL_TABLE, DEAD_LETTER_FUNCTIONS, LEASE_SWEEPER, RECORDS_TABLE } from '../../lib/resources';
import { newApp } from './support/app';
import { allowedGrants, renderResource } from './support/iam-statements';
import { BUILD_TIMEOUT_MS } from './support/stack';

let stack: Stack;
let sweeper: LeaseSweeper;
let deadChunks: DeadChunkConsumer;
let chunks: ChunkQueue;
let template: Template;

beforeAll(() => {
  // Arrange
  stack = new Stack(newApp(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const tables = new DataTables(stack, 'Tables');
  const ingest = new UploadIngest(stack, 'Ingest');
  chunks = new ChunkQueue(stack, 'Chunks');
  // Act
  sweeper = new LeaseSweeper(stack, 'LeaseSweeper', {
    controlTable: tables.table(CONTROL_TABLE.id),
    bucket: ingest.bucket,
    uploadEventsQueue: ingest.eventsQueue,
  });
  deadChunks = new DeadChunkConsumer(stack, 'DeadChunks', {
    controlTable: tables.table(CONTROL_TABLE.id),
    recordsTable: tables.table(RECORDS_TABLE.id),
    bucket: ingest.bucket,
    deadLetterQueue: chunks.deadLetterQueue,
  });
  template = Template.fromStack(stack);
}, BUILD_TIMEOUT_MS);

const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);

describe('Construct: LeaseSweeper', () => {
  it('runs the sweeper every minute from an EventBridge Scheduler schedule, with no retries of a missed sweep', () => {
    // Assert
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: stack.resolve(sweeper.function.functionArn),
        RoleArn: stack.resolve(sweeper.scheduleRole.roleArn),
        Input: JSON.stringify(LEASE_SWEEPER.input),
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: stack.resolve(sweeper.scheduleDeadLetterQueue.queueArn) },
      },
    });
  });

  it("lets only this account's EventBridge Scheduler assume the schedule's role", () => {
    // Assert
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              // Schedules of the default group only (the sweeper was given no group).
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:eu-west-1:123456789012:schedule-group/default']] } },
            },
          },
        ],
      },
    });
  });

  it("lets the schedule's role invoke the sweeper and nothing else", () => {
    // Act
    const grants = allowedGrants(template.toJSON(), logicalId(sweeper.scheduleRole));
    // Assert
    expect(grants).toEqual([
      `lambda:InvokeFunction ${renderResource(stack.resolve(sweeper.function.functionArn))}`,
      `sqs:SendMessage ${renderResource(stack.resolve(sweeper.scheduleDeadLetterQueue.queueArn))}`,
    ]);
  });

  it('takes its timeout and memory from its definition, within the minute between sweeps', () => {
    // Assert
    const props = template.toJSON().Resources[logicalId(sweeper.function)].Properties;
    expect(props).toMatchObject({ Timeout: LEASE_SWEEPER.timeoutSeconds, MemorySize: LEASE_SWEEPER.memoryMb });
    expect(props.Timeout).toBeLessThan(60);
  });

  it('refuses a schedule expression EventBridge Scheduler would not run', () => {
    // Arrange
    const other = new Stack(newApp(), 'Other');
    const tables = new DataTables(other, 'Tables');
    const ingest = new UploadIngest(other, 'Ingest');
    // Act / Assert
    expect(
      () =>
        new LeaseSweeper(other, 'Sweeper', {
          controlTable: tables.table(CONTROL_TABLE.id),
          bucket: ingest.bucket,
          uploadEventsQueue: ingest.eventsQueue,
          definition: { ...LEASE_SWEEPER, scheduleExpression: 'every minute' },
        }),
    ).toThrow(/rate\(\.\.\.\) or cron\(\.\.\.\)/);
  });
});

describe('Construct: DeadChunkConsumer', () => {
  it('consumes the chunk DLQ in batches, capped, reporting partial failures', () => {
    // Assert
    const definition = DEAD_LETTER_FUNCTIONS.deadChunks;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(deadChunks.function) },
      EventSourceArn: stack.resolve(chunks.deadLetterQueue.queueArn),
      BatchSize: definition.batchSize,
      ScalingConfig: { MaximumConcurrency: definition.maximumConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it("finishes within the DLQ's visibility timeout", () => {
    // Assert: SQS's default, which the DLQ keeps
    const dlq = template.toJSON().Resources[logicalId(chunks.deadLetterQueue)].Properties;
    expect(dlq.VisibilityTimeout ?? 30).toBeGreaterThanOrEqual(DEAD_LETTER_FUNCTIONS.deadChunks.timeoutSeconds);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Timeout: DEAD_LETTER_FUNCTIONS.deadChunks.timeoutSeconds,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'batch-import' }) },
    });
  });
});
