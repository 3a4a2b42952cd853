import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RUN_ENDED_STREAM_FILTER } from '../../functions/adapters/dynamodb/run-ended-stream';
import { RUN_ENDED_CONSUMER, type StreamFunctionDefinition } from '../resources';
import { grantTableActions } from './least-privilege';
import { holdingQueue } from './secure-queue';
import { ServiceFunction } from './service-function';

// Lambda's limits for a DynamoDB stream event source.
const MAX_BATCH_SIZE = 10000;
const MAX_RETRY_ATTEMPTS = 10000;

export interface RunEndedConsumerProps {
  /** The control table, with its stream on (NEW_AND_OLD_IMAGES): run items live there. */
  readonly controlTable: dynamodb.ITableV2;
  /**
   * Variables the function receives (resource names and URLs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Entry, batch size, retries, timeout and memory of the consumer.
   * @default RUN_ENDED_CONSUMER from lib/resources.ts
   */
  readonly definition?: StreamFunctionDefinition;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The one consumer of the run-ended event. Its event source mapping reads the control table's stream with a filter
 * (RUN_ENDED_STREAM_FILTER), so only run items that moved into a terminal status invoke it; every other change
 * costs nothing. A failed record is retried alone (partial batch failures, the batch halved around it) a bounded
 * number of times, then described in the failure queue, which alarms. The grants for what the run policy does
 * (schedules, SES, the reports queue) are given by the stack, which owns those resources.
 */
export class RunEndedConsumer extends Construct {
  public readonly function: nodejs.NodejsFunction;
  /** Where a record that kept failing is described (the event source mapping's on-failure destination). */
  public readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RunEndedConsumerProps) {
    super(scope, id);
    const definition = props.definition ?? RUN_ENDED_CONSUMER;
    validate(definition);
    if (!props.controlTable.tableStreamArn) {
      throw new Error('RunEndedConsumer: the control table needs its stream (NEW_AND_OLD_IMAGES)');
    }
    // The definition's entry, timeout and memory; its other fields are the event source's or the schedule's.
    const { entry, timeoutSeconds, memoryMb } = definition;
    const { environment, logRetention } = props;
    this.function = new ServiceFunction(this, definition.id, { entry, timeoutSeconds, memoryMb, environment, logRetention }).function;
    this.failureQueue = holdingQueue(this, 'FailureQueue');
    this.function.addEventSource(
      new DynamoEventSource(props.controlTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: definition.batchSize,
        filters: [lambda.FilterCriteria.filter(RUN_ENDED_STREAM_FILTER)],
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: definition.retryAttempts,
        maxRecordAge: Duration.seconds(definition.maxRecordAgeSeconds),
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
    // The run policy reads the run, the import job, its alert state and the org's recipients; claims the ended run
    // and writes the alert state (conditional PutItem, UpdateItem); halts or completes the job (conditional
    // PutItem); gives back files a run imported nothing from (conditional DeleteItem on the ledger).
    grantTableActions(this.function, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
  }
}

function validate(definition: StreamFunctionDefinition): void {
  const { batchSize, retryAttempts, maxRecordAgeSeconds } = definition;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new Error(`RunEndedConsumer: batchSize must be an integer in 1..${MAX_BATCH_SIZE}`);
  }
  // Unbounded retries would hold the shard behind one bad record for the stream's whole 24 hours.
  if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > MAX_RETRY_ATTEMPTS) {
    throw new Error(`RunEndedConsumer: retryAttempts must be an integer in 0..${MAX_RETRY_ATTEMPTS}`);
  }
  if (!Number.isInteger(maxRecordAgeSeconds) || maxRecordAgeSeconds < 60 || maxRecordAgeSeconds > 86_400) {
    throw new Error('RunEndedConsumer: maxRecordAgeSeconds must be an integer in 60..86400');
  }
}
