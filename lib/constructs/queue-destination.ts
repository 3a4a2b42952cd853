import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { grantSendMessage } from './least-privilege';

/**
 * An asynchronous invocation's failure destination on a queue, granting sqs:SendMessage alone (CDK's
 * SqsDestination grants GetQueueAttributes and GetQueueUrl too, which Lambda does not need to deliver).
 */
export class QueueFailureDestination implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    grantSendMessage(fn, this.queue);
    return { destination: this.queue.queueArn };
  }
}
