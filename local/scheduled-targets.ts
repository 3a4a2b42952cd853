import type { Context } from 'aws-lambda';
import type { InvokeTarget, ScheduledInvocation } from './emulators/scheduler';
import { createLambdaContext, LOCAL_ACCOUNT_ID, withTimeout } from './event-source-mapping';

/** A Lambda handler that EventBridge Scheduler invokes: its event is the schedule target's `Input`, parsed. */
export type ScheduledLambdaHandler = (event: unknown, context: Context) => unknown;

export interface ScheduledTarget {
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Loads the handler at the first invocation (the module cache makes it one cold start). */
  readonly loadHandler: () => ScheduledLambdaHandler;
}

/** The ARN a local function answers to, as a schedule's target names it. */
export function localFunctionArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

/**
 * What the scheduler stand-in calls when a schedule fires: finds the in-process handler of the target's ARN (a
 * version or alias qualifier is ignored) and invokes it as Lambda would, with the parsed `Input` as the event
 * (`{}` when there is none) and the function's timeout. An ARN no local function answers to is a failed invocation.
 */
export function createScheduledTargetInvoker(options: {
  readonly targets: ReadonlyMap<string, ScheduledTarget>;
  readonly region: string;
}): InvokeTarget {
  return async (invocation: Readonly<ScheduledInvocation>): Promise<void> => {
    const unqualified = invocation.targetArn.split(':').slice(0, 7).join(':');
    const target = options.targets.get(unqualified);
    if (!target) throw new Error(`no local function has the ARN ${invocation.targetArn}`);
    const handler = target.loadHandler();
    const context = createLambdaContext({
      functionName: target.functionName,
      region: options.region,
      timeoutSeconds: target.timeoutSeconds,
      memoryMb: target.memoryMb,
    });
    await withTimeout(Promise.resolve(handler(parseInput(invocation.input), context)), target.timeoutSeconds, target.functionName);
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
