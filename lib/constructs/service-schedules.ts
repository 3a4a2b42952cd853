import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { SCHEDULE_NAME_PATTERN } from '../../functions/core/id-formats';
import { Construct, type IConstruct } from 'constructs';
import { SCHEDULE_GROUP, SCHEDULE_RETRY_POLICY } from '../resources';
import { grantSendMessage } from './least-privilege';
import { holdingQueue } from './secure-queue';

/** A schedule of the stack itself, e.g. the lease sweeper every minute. */
export interface FixedSchedule {
  /** Unique within the group. */
  readonly name: string;
  /** `rate(...)` or `cron(...)`, read in UTC. */
  readonly expression: string;
  /** ARN of the Lambda function it invokes, with an empty JSON object as the event. */
  readonly targetArn: string;
  /**
   * The function itself, so that the schedule is created after it (`targetArn` may be written from its name).
   * @default no explicit dependency
   */
  readonly targetFunction?: IConstruct;
}

export interface ServiceSchedulesProps {
  /**
   * ARN of the function that the schedules the service creates at run time (import jobs, retries) invoke. Give
   * it written from the function's physical name when that function itself creates schedules.
   */
  readonly targetArn: string;
  /**
   * Schedules of the stack itself, each invoking its own target.
   * @default none
   */
  readonly fixedSchedules?: readonly FixedSchedule[];
  /**
   * Name of the schedule group.
   * @default a name CloudFormation generates (so two stacks in one account and region do not collide)
   */
  readonly groupName?: string;
}

const SCHEDULER_PRINCIPAL = 'scheduler.amazonaws.com';
const MANAGE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'];

/**
 * EventBridge Scheduler for the service: one schedule group holding every schedule, the execution role that
 * run-time schedules carry (it may invoke their one target and nothing else), and the stack's fixed schedules
 * with a role of their own. `grantManageSchedules` lets a function write schedules in the group only, and pass
 * that execution role only, to Scheduler only.
 */
export class ServiceSchedules extends Construct {
  public readonly group: scheduler.CfnScheduleGroup;
  /** The group's name (a token when CloudFormation names it). */
  public readonly groupName: string;
  /** Carried by run-time schedules: lambda:InvokeFunction on `targetArn`, nothing else. */
  public readonly executionRole: iam.Role;
  /** Carried by the fixed schedules: lambda:InvokeFunction on their targets, nothing else. */
  public readonly fixedScheduleRole?: iam.Role;
  public readonly fixedSchedules: readonly scheduler.CfnSchedule[];
  /**
   * Every schedule's DeadLetterConfig: the events Scheduler could not deliver to their target after its retries.
   * The schedules' roles may send to it.
   */
  public readonly deadLetterQueue: sqs.Queue;
  readonly #targetArn: string;

  constructor(scope: Construct, id: string, props: ServiceSchedulesProps) {
    super(scope, id);
    validate(props);
    this.#targetArn = props.targetArn;

    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: props.groupName });
    // Ref of a schedule group is its name.
    this.groupName = props.groupName ?? this.group.ref;

    this.deadLetterQueue = holdingQueue(this, 'DeadLetterQueue');
    this.executionRole = this.schedulerRole('ExecutionRole', [props.targetArn]);

    const fixed = props.fixedSchedules ?? [];
    if (fixed.length > 0) {
      const role = this.schedulerRole('FixedScheduleRole', [...new Set(fixed.map((schedule) => schedule.targetArn))]);
      this.fixedScheduleRole = role;
      this.fixedSchedules = fixed.map((schedule) => {
        const resource = new scheduler.CfnSchedule(this, `Fixed-${schedule.name}`, {
          name: schedule.name,
          groupName: this.groupName,
          scheduleExpression: schedule.expression,
          scheduleExpressionTimezone: 'UTC',
          flexibleTimeWindow: { mode: 'OFF' },
          state: 'ENABLED',
          target: {
            arn: schedule.targetArn,
            roleArn: role.roleArn,
            input: '{}',
            retryPolicy: {
              maximumRetryAttempts: SCHEDULE_RETRY_POLICY.maximumRetryAttempts,
              maximumEventAgeInSeconds: SCHEDULE_RETRY_POLICY.maximumEventAgeSeconds,
            },
            deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
          },
        });
        resource.addResourceDependency(this.group);
        if (schedule.targetFunction) resource.node.addDependency(schedule.targetFunction);
        return resource;
      });
    } else {
      this.fixedSchedules = [];
    }
  }

  /**
   * What a function that creates run-time schedules needs: the grants, and the variables its config reads. It may
   * touch import jobs' schedules only (`import-job-*` in the group), never the stack's fixed ones.
   */
  public grantManageSchedules(fn: lambda.Function): void {
    const stack = Stack.of(this);
    const runTimeSchedules = `${this.groupName}/${SCHEDULE_GROUP.runTimeScheduleNames}`;
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: MANAGE_ACTIONS,
      resourceArns: [
        stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: runTimeSchedules, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
      ],
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.executionRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': SCHEDULER_PRINCIPAL } },
      }),
    );
    fn.addEnvironment(SCHEDULE_GROUP.envVar, this.groupName);
    fn.addEnvironment(SCHEDULE_GROUP.targetArnEnvVar, this.#targetArn);
    fn.addEnvironment(SCHEDULE_GROUP.roleArnEnvVar, this.executionRole.roleArn);
    fn.addEnvironment(SCHEDULE_GROUP.deadLetterArnEnvVar, this.deadLetterQueue.queueArn);
  }

  /** A role only EventBridge Scheduler of this account, acting for this group, may assume. */
  private schedulerRole(id: string, targetArns: readonly string[]): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal(SCHEDULER_PRINCIPAL, {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.group.attrArn },
        },
      }),
      description: 'Assumed by EventBridge Scheduler to invoke the batch import service',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...targetArns] }));
    // Scheduler sends an undeliverable event to the dead-letter queue as this role.
    grantSendMessage(role, this.deadLetterQueue);
    return role;
  }
}

function validate(props: ServiceSchedulesProps): void {
  const names = new Set<string>();
  for (const schedule of props.fixedSchedules ?? []) {
    if (!SCHEDULE_NAME_PATTERN.test(schedule.name)) {
      throw new Error(`ServiceSchedules: fixed schedule name '${schedule.name}' must be 1-64 of 0-9 a-z A-Z . _ -`);
    }
    if (!/^(rate|cron)\(.+\)$/.test(schedule.expression)) {
      throw new Error(`ServiceSchedules: fixed schedule '${schedule.name}' needs rate(...) or cron(...), got '${schedule.expression}'`);
    }
    if (names.has(schedule.name)) throw new Error(`ServiceSchedules: duplicate fixed schedule '${schedule.name}'`);
    names.add(schedule.name);
  }
  if (props.groupName !== undefined && !SCHEDULE_NAME_PATTERN.test(props.groupName)) {
    throw new Error(`ServiceSchedules: groupName '${props.groupName}' must be 1-64 of 0-9 a-z A-Z . _ -`);
  }
}
