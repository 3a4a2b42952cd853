import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LEASE_INDEX, LEASE_SWEEPER, UPLOAD_BUCKET, type FixedScheduleFunctionDefinition } from '../resources';
import { grantObjectActions, grantSendMessage, grantTableActions } from './least-privilege';
import { holdingQueue } from './secure-queue';
import { ServiceFunction } from './service-function';

export interface LeaseSweeperProps {
  /** Runs live here; the sweeper queries its lease index and writes runs conditionally. */
  readonly controlTable: dynamodb.ITableV2;
  /** The upload bucket: the sweeper checks whether a presigned upload landed. */
  readonly bucket: s3.IBucket;
  /** The splitter's queue: the sweeper sends it an upload event to resume a split. */
  readonly uploadEventsQueue: sqs.IQueue;
  /**
   * Variables the function receives (resource names and URLs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Entry, timeout, memory, schedule expression and input of the sweeper.
   * @default LEASE_SWEEPER from lib/resources.ts
   */
  readonly definition?: FixedScheduleFunctionDefinition;
  /**
   * EventBridge Scheduler group of the schedule.
   * @default the account's `default` group
   */
  readonly scheduleGroupName?: string;
  /**
   * Where Scheduler sends a sweep it could not deliver (the schedule's DeadLetterConfig).
   * @default a queue of the sweeper's own
   */
  readonly scheduleDeadLetterQueue?: sqs.IQueue;
  /**
   * Key prefix of raw uploads.
   * @default UPLOAD_BUCKET.uploadPrefix
   */
  readonly uploadPrefix?: string;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The lease sweeper (§6): a function that EventBridge Scheduler invokes every minute to resume or interrupt runs
 * whose lease expired and to end presigned uploads that never arrived. The schedule's execution role may invoke
 * this function and nothing else, and only Scheduler of this account may assume it.
 */
export class LeaseSweeper extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly schedule: scheduler.CfnSchedule;
  /** The role EventBridge Scheduler assumes to invoke the sweeper. */
  public readonly scheduleRole: iam.Role;
  /** The schedule's DeadLetterConfig. */
  public readonly scheduleDeadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: LeaseSweeperProps) {
    super(scope, id);
    const definition = props.definition ?? LEASE_SWEEPER;
    const uploadPrefix = props.uploadPrefix ?? UPLOAD_BUCKET.uploadPrefix;
    if (!/^(rate|cron)\(.+\)$/.test(definition.scheduleExpression)) {
      throw new Error(`LeaseSweeper: scheduleExpression must be rate(...) or cron(...), got '${definition.scheduleExpression}'`);
    }

    // The definition's entry, timeout and memory; its other fields are the event source's or the schedule's.
    const { entry, timeoutSeconds, memoryMb } = definition;
    const { environment, logRetention } = props;
    this.function = new ServiceFunction(this, definition.id, { entry, timeoutSeconds, memoryMb, environment, logRetention }).function;
    // Queries the lease index, reads runs and their markers, writes them conditionally.
    grantTableActions(this.function, props.controlTable, ['GetItem', 'UpdateItem', 'Query'], [LEASE_INDEX.indexName]);
    // HeadObject: did a presigned upload land?
    grantObjectActions(this.function, props.bucket, uploadPrefix, ['GetObject']);
    grantSendMessage(this.function, props.uploadEventsQueue);

    const stack = Stack.of(this);
    const groupArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule-group',
      resourceName: props.scheduleGroupName ?? 'default',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler invokes the lease sweeper',
      // Confused deputy: only schedules of this account, in the sweeper's group, may use the role.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': groupArn } },
      }),
    });
    this.scheduleRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    this.scheduleDeadLetterQueue = props.scheduleDeadLetterQueue ?? holdingQueue(this, 'ScheduleDeadLetterQueue');
    grantSendMessage(this.scheduleRole, this.scheduleDeadLetterQueue);

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Resumes or interrupts runs whose lease expired; ends presigned uploads that never arrived',
      groupName: props.scheduleGroupName,
      scheduleExpression: definition.scheduleExpression,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.function.functionArn,
        roleArn: this.scheduleRole.roleArn,
        input: JSON.stringify(definition.input),
        // A missed sweep is made up by the next one, a minute later: no retry; the dead-letter queue records it.
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: Duration.minutes(1).toSeconds() },
        deadLetterConfig: { arn: this.scheduleDeadLetterQueue.queueArn },
      },
    });
  }
}
