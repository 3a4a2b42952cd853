import { scheduleTargetInput } from '../../core/scheduling/target-input';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { ScheduleDefinition, Scheduler } from '../../core/scheduling/ports';
import { toSchedulerExpression } from './schedule-expression';
import { SCHEDULE_RETRY_POLICY } from '../../../lib/resources';

export interface EventBridgeSchedulerOptions {
  readonly client: SchedulerClient;
  /** Every schedule is created in this group (the functions may manage schedules of this group only). */
  readonly groupName: string;
  /** The Lambda function every schedule invokes, with the run request as its input. */
  readonly targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target. */
  readonly roleArn: string;
  /**
   * The queue Scheduler sends an event to when it could not invoke the target after its retries.
   * @default none (Scheduler drops the event)
   */
  readonly deadLetterArn?: string;
  /** @default SCHEDULE_RETRY_POLICY from lib/resources.ts */
  readonly retryPolicy?: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
}

/**
 * The Scheduler port over EventBridge Scheduler. A one-time schedule deletes itself once it has fired; a
 * schedule fires on the minute (no flexible window), which is what a person who picked a time expects.
 */
export class EventBridgeScheduler implements Scheduler {
  readonly #client: SchedulerClient;
  readonly #groupName: string;
  readonly #targetArn: string;
  readonly #roleArn: string;
  readonly #deadLetterArn: string | undefined;
  readonly #retryPolicy: NonNullable<EventBridgeSchedulerOptions['retryPolicy']>;

  constructor(options: EventBridgeSchedulerOptions) {
    this.#client = options.client;
    this.#groupName = options.groupName;
    this.#targetArn = options.targetArn;
    this.#roleArn = options.roleArn;
    this.#deadLetterArn = options.deadLetterArn;
    this.#retryPolicy = options.retryPolicy ?? SCHEDULE_RETRY_POLICY;
  }

  async put(definition: ScheduleDefinition): Promise<void> {
    const { expression, timezone, once } = toSchedulerExpression(definition.timing);
    const input: CreateScheduleCommandInput = {
      Name: definition.name,
      GroupName: this.#groupName,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      State: definition.enabled ? 'ENABLED' : 'DISABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: this.#targetArn,
        RoleArn: this.#roleArn,
        Input: scheduleTargetInput(definition.request),
        RetryPolicy: {
          MaximumRetryAttempts: this.#retryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: this.#retryPolicy.maximumEventAgeSeconds,
        },
        ...(this.#deadLetterArn ? { DeadLetterConfig: { Arn: this.#deadLetterArn } } : {}),
      },
      ActionAfterCompletion: once ? 'DELETE' : 'NONE',
    };
    // Create, or replace the schedule of that name: UpdateSchedule replaces every field, so it is a put.
    try {
      await this.#client.send(new CreateScheduleCommand(input));
      return;
    } catch (error) {
      if (!isNamed(error, 'ConflictException')) throw error;
    }
    try {
      await this.#client.send(new UpdateScheduleCommand(input));
    } catch (error) {
      // Deleted between the two calls (a one-time schedule that just fired): create it again.
      if (!isNamed(error, 'ResourceNotFoundException')) throw error;
      await this.#client.send(new CreateScheduleCommand(input));
    }
  }

  async setEnabled(name: string, enabled: boolean): Promise<boolean> {
    const state = enabled ? 'ENABLED' : 'DISABLED';
    try {
      const current = await this.#client.send(new GetScheduleCommand({ Name: name, GroupName: this.#groupName }));
      if (current.State === state) return true;
      // UpdateSchedule replaces the whole schedule: send back everything it has, with the new state.
      await this.#client.send(
        new UpdateScheduleCommand({
          Name: name,
          GroupName: this.#groupName,
          ScheduleExpression: current.ScheduleExpression,
          ScheduleExpressionTimezone: current.ScheduleExpressionTimezone,
          StartDate: current.StartDate,
          EndDate: current.EndDate,
          Description: current.Description,
          KmsKeyArn: current.KmsKeyArn,
          FlexibleTimeWindow: current.FlexibleTimeWindow,
          Target: current.Target,
          ActionAfterCompletion: current.ActionAfterCompletion,
          State: state,
        }),
      );
      return true;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return false;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.#client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.#groupName }));
    } catch (error) {
      if (!isNamed(error, 'ResourceNotFoundException')) throw error;
    }
  }
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
