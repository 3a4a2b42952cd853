import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SCHEDULED_FUNCTIONS, type ScheduledFunctionName } from '../resources';
import { QueueFailureDestination } from './queue-destination';
import { holdingQueue } from './secure-queue';
import { ServiceFunction } from './service-function';

/** Lambda retries a failed asynchronous invocation twice (its default), then hands the event to the destination. */
const ASYNC_RETRY_ATTEMPTS = 2;

export interface ScheduledFunctionsProps {
  /**
   * Variables every scheduled function receives (resource names and URLs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the functions' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The functions EventBridge Scheduler invokes (SCHEDULED_FUNCTIONS): the import-job trigger and the lease sweeper.
 * Each has a physical name derived from its construct path, so its ARN is known without referring to the function:
 * the trigger creates retry schedules that point at itself, and a function may not refer to itself in its own
 * environment (CloudFormation would see a circular dependency).
 */
export class ScheduledFunctions extends Construct {
  public readonly functions: Readonly<Record<ScheduledFunctionName, nodejs.NodejsFunction>>;
  /**
   * Scheduler invokes the functions asynchronously: an invocation that still fails after Lambda's retries lands
   * here (the request, the error and the function), instead of vanishing.
   */
  public readonly failedInvocations: sqs.Queue;
  readonly #arns = new Map<ScheduledFunctionName, string>();

  constructor(scope: Construct, id: string, props: ScheduledFunctionsProps = {}) {
    super(scope, id);
    const build = (name: ScheduledFunctionName): nodejs.NodejsFunction => {
      const { id: functionId, entry, timeoutSeconds, memoryMb } = SCHEDULED_FUNCTIONS[name];
      const functionName = Names.uniqueResourceName(new Construct(this, `${functionId}Name`), { maxLength: 64 });
      this.#arns.set(
        name,
        Stack.of(this).formatArn({ service: 'lambda', resource: 'function', resourceName: functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      );
      return new ServiceFunction(this, functionId, {
        entry,
        timeoutSeconds,
        memoryMb,
        environment: props.environment,
        logRetention: props.logRetention,
        functionName,
      }).function;
    };
    this.functions = { runImportJob: build('runImportJob') };
    this.failedInvocations = holdingQueue(this, 'FailedInvocations');
    for (const fn of Object.values(this.functions)) {
      fn.configureAsyncInvoke({
        onFailure: new QueueFailureDestination(this.failedInvocations),
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        // Lambda keeps an event at most six hours; a run request that old still starts its run (an empty drop ends it).
        maxEventAge: Duration.hours(6),
      });
    }
  }

  /** The function's ARN, written from its physical name: safe in any function's environment, its own included. */
  arnOf(name: ScheduledFunctionName): string {
    const arn = this.#arns.get(name);
    if (!arn) throw new Error(`ScheduledFunctions: no function named ${name}`);
    return arn;
  }
}
