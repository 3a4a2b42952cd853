import { Match } from 'aws-cdk-lib/assertions';
import { DEAD_LETTER_FUNCTIONS, MAX_MESSAGE_BYTES, SCHEDULE_GROUP, SCHEDULE_RETRY_POLICY } from '../../lib/resources';
import { allowedGrants, renderResource } from './support/iam-statements';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

const DAY_SECONDS = 24 * 3600;

// Item 3 of the production review: every failure path ends in a queue that something watches.
describe('Stack: dead letters that end somewhere', () => {
  let built: BuiltStack;

  beforeAll(() => {
    built = buildStack();
  }, BUILD_TIMEOUT_MS);

  const json = () => built.template.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const propsOf = (construct: Parameters<BuiltStack['logicalId']>[0]) => json().Resources[built.logicalId(construct)].Properties;
  const arn = (value: string): string => renderResource(built.stack.resolve(value));

  it("redrives the chunk DLQ to the salvage-failed queue, and hides its messages well beyond its consumer's timeout", () => {
    // Arrange
    const { deadLetterQueue, salvageFailedQueue } = built.stack.chunks;
    const consumer = DEAD_LETTER_FUNCTIONS.deadChunks;
    // Assert
    expect(propsOf(deadLetterQueue)).toMatchObject({
      VisibilityTimeout: consumer.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: built.stack.resolve(salvageFailedQueue.queueArn), maxReceiveCount: consumer.maxReceiveCount },
    });
    expect(consumer.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * consumer.timeoutSeconds);
    expect(propsOf(built.stack.deadChunks.function)).toMatchObject({ Timeout: consumer.timeoutSeconds });
    // Nothing consumes the salvage-failed queue: its messages wait 14 days for a person.
    expect(propsOf(salvageFailedQueue)).toEqual({ MessageRetentionPeriod: 14 * DAY_SECONDS, MaximumMessageSize: MAX_MESSAGE_BYTES, SqsManagedSseEnabled: true });
    built.template.resourcePropertiesCountIs(
      'AWS::Lambda::EventSourceMapping',
      { EventSourceArn: built.stack.resolve(salvageFailedQueue.queueArn) },
      0,
    );
  });

  it('sends a failed asynchronous invocation of the import-job trigger to its failure queue', () => {
    // Arrange
    const fn = built.stack.scheduled.functions.runImportJob;
    // Assert
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: built.stack.resolve(fn.functionName),
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: built.stack.resolve(built.stack.scheduled.failedInvocations.queueArn) } },
    });
    expect(allowedGrants(built.template.toJSON(), built.logicalId(fn.role!))).toContain(
      `sqs:SendMessage ${arn(built.stack.scheduled.failedInvocations.queueArn)}`,
    );
  });

  it('gives every schedule of the stack a dead-letter queue and a retry policy; the sweeper does not retry', () => {
    // Arrange
    const schedules = Object.values(built.template.findResources('AWS::Scheduler::Schedule')) as Array<{
      Properties: { Target: { DeadLetterConfig?: { Arn: unknown }; RetryPolicy?: { MaximumRetryAttempts: number } } };
    }>;
    const sweeper = json().Resources[built.stack.getLogicalId(built.stack.leaseSweeper.schedule)].Properties as { Target: { RetryPolicy: unknown; DeadLetterConfig: unknown } };
    // Assert
    expect(schedules.length).toBeGreaterThan(0);
    for (const { Properties } of schedules) {
      expect(Properties.Target.DeadLetterConfig).toEqual({ Arn: built.stack.resolve(built.stack.schedules.deadLetterQueue.queueArn) });
      expect(Properties.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) });
    }
    expect(sweeper.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    expect(allowedGrants(built.template.toJSON(), built.logicalId(built.stack.leaseSweeper.scheduleRole))).toContain(
      `sqs:SendMessage ${arn(built.stack.schedules.deadLetterQueue.queueArn)}`,
    );
  });

  it("hands the functions that create schedules the schedules' dead-letter queue, which the execution role may send to", () => {
    // Arrange
    const fn = built.stack.api.functions.importJobs;
    const variables = (propsOf(fn) as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    // Assert
    expect(variables[SCHEDULE_GROUP.deadLetterArnEnvVar]).toEqual(built.stack.resolve(built.stack.schedules.deadLetterQueue.queueArn));
    expect(allowedGrants(built.template.toJSON(), built.logicalId(built.stack.schedules.executionRole))).toContain(
      `sqs:SendMessage ${arn(built.stack.schedules.deadLetterQueue.queueArn)}`,
    );
    // The retry policy those schedules get is the adapter's (test/integration/adapters/eventbridge-scheduler.test.ts).
    expect(SCHEDULE_RETRY_POLICY.maximumRetryAttempts).toBeGreaterThan(0);
  });

  it('keeps the queues nothing consumes encrypted and TLS-only', () => {
    for (const queue of [built.stack.scheduled.failedInvocations, built.stack.schedules.deadLetterQueue]) {
      expect(propsOf(queue)).toEqual({ MessageRetentionPeriod: 14 * DAY_SECONDS, SqsManagedSseEnabled: true });
      built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [built.stack.resolve(queue.queueUrl)],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });
});
