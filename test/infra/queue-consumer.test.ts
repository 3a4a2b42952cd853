import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { QueueConsumer, validateEventSource } from '../../lib/constructs/queue-consumer';

const ENTRY = 'functions/handlers/queue/build-reports.ts';

describe('Construct: QueueConsumer', () => {
  it('consumes its queue with partial batch failures, and no batching window by default', () => {
    // Arrange
    const stack = new Stack(new App(), 'Test');
    const queue = new sqs.Queue(stack, 'Queue');
    // Act
    new QueueConsumer(stack, 'Consumer', { entry: ENTRY, queue, batchSize: 5, maximumConcurrency: 2, timeoutSeconds: 30, memoryMb: 512 });
    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: Match.absent(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 30, MemorySize: 512 });
  });

  it('sets a batching window when it has one', () => {
    // Arrange
    const stack = new Stack(new App(), 'Test');
    const queue = new sqs.Queue(stack, 'Queue');
    // Act
    new QueueConsumer(stack, 'Consumer', { entry: ENTRY, queue, batchSize: 100, maxBatchingWindowSeconds: 5, maximumConcurrency: 2, timeoutSeconds: 30, memoryMb: 512 });
    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 100, MaximumBatchingWindowInSeconds: 5 });
  });

  it.each([
    ['more than ten messages without a batching window', { batchSize: 11, maximumConcurrency: 2 }, /Consumer: batchSize must be an integer in 1..10$/],
    ['a batching window beyond five minutes', { batchSize: 10, maxBatchingWindowSeconds: 301, maximumConcurrency: 2 }, /maxBatchingWindowSeconds/],
    ['a maximum concurrency below two', { batchSize: 10, maximumConcurrency: 1 }, /maximumConcurrency/],
  ])('refuses %s', (_case, source, message) => {
    // Act / Assert
    expect(() => validateEventSource('Consumer', source)).toThrow(message);
  });
});
