import { CreateScheduleCommand, CreateScheduleGroupCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  SCHEDULE_GROUP,
  SCHEDULE_TARGET,
  SCHEDULED_FUNCTIONS,
  type ScheduledFunctionDefinition,
  type ScheduledFunctionName,
} from '../lib/resources';
import type { InvokeTarget } from './emulators/scheduler';
import { invokeLocally, LOCAL_ACCOUNT_ID, localFunctionArn, type ScheduledLambdaHandler } from './lambda-runtime';

/** Nothing assumes it locally; the schedules carry it as they do in AWS. */
export const LOCAL_SCHEDULER_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/batch-import-local-scheduler`;

export interface ScheduledTarget {
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Loads the handler at the first invocation (the module cache makes it one cold start). */
  readonly loadHandler: () => ScheduledLambdaHandler;
}

/** The variables a function that creates schedules reads (functions/config/pieces.ts, Scheduling). */
export function schedulingEnv(region: string): Record<string, string> {
  return {
    [SCHEDULE_GROUP.envVar]: SCHEDULE_GROUP.name,
    [SCHEDULE_GROUP.targetArnEnvVar]: localFunctionArn(region, SCHEDULED_FUNCTIONS[SCHEDULE_TARGET].id),
    [SCHEDULE_GROUP.roleArnEnvVar]: LOCAL_SCHEDULER_ROLE_ARN,
  };
}

/** Every function of SCHEDULED_FUNCTIONS, by the ARN schedules name it with. */
export function scheduledTargets(
  region: string,
  loadHandler: (entry: string) => ScheduledLambdaHandler,
  definitions: Readonly<Record<string, ScheduledFunctionDefinition>> = SCHEDULED_FUNCTIONS,
): Map<string, ScheduledTarget> {
  const targets = new Map<string, ScheduledTarget>();
  for (const definition of Object.values(definitions)) {
    targets.set(localFunctionArn(region, definition.id), {
      functionName: definition.id,
      timeoutSeconds: definition.timeoutSeconds,
      memoryMb: definition.memoryMb,
      loadHandler: () => loadHandler(definition.entry),
    });
  }
  return targets;
}

/**
 * What the scheduler stand-in calls when a schedule fires: finds the in-process handler of the target's ARN (a
 * version or alias qualifier is ignored) and invokes it as Lambda would, with the parsed `Input` as the event
 * (`{}` when there is none) and the function's timeout. An ARN no local function answers to is a failed invocation.
 */
export function createScheduledTargetInvoker(options: { readonly targets: ReadonlyMap<string, ScheduledTarget>; readonly region: string }): InvokeTarget {
  return async (invocation) => {
    const target = options.targets.get(invocation.targetArn.split(':').slice(0, 7).join(':'));
    if (!target) throw new Error(`no local function has the ARN ${invocation.targetArn}`);
    await invokeLocally({ ...target, region: options.region }, target.loadHandler(), parseInput(invocation.input));
  };
}

function parseInput(input: string | undefined): unknown {
  if (input === undefined) return {};
  try {
    return JSON.parse(input) as unknown;
  } catch {
    // Lambda hands a non-JSON input over as a string.
    return input;
  }
}

/**
 * What the deployed stack creates in CloudFormation: the service's schedule group, and the fixed schedules of
 * SCHEDULED_FUNCTIONS (none today: the lease sweeper runs on its own timer), named after their function's key, in
 * UTC, with an empty input.
 */
export async function provisionSchedules(
  client: SchedulerClient,
  region: string,
  definitions: Readonly<Record<string, ScheduledFunctionDefinition>> = SCHEDULED_FUNCTIONS,
): Promise<void> {
  await client.send(new CreateScheduleGroupCommand({ Name: SCHEDULE_GROUP.name }));
  for (const [name, definition] of Object.entries(definitions) as Array<[ScheduledFunctionName, ScheduledFunctionDefinition]>) {
    if (!definition.fixedSchedule) continue;
    await client.send(
      new CreateScheduleCommand({
        Name: name,
        GroupName: SCHEDULE_GROUP.name,
        ScheduleExpression: definition.fixedSchedule,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: { Arn: localFunctionArn(region, definition.id), RoleArn: LOCAL_SCHEDULER_ROLE_ARN, Input: '{}' },
      }),
    );
  }
}
