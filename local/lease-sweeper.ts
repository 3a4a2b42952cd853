import { z } from 'zod';
import { errorMessage, invokeLocally, type ScheduledLambdaHandler } from './lambda-runtime';
import { readLocalEnv } from './local-env';

export interface LeaseSweeperTimerOptions {
  /** Seconds between the end of one sweep and the start of the next. */
  readonly intervalSeconds: number;
  readonly functionName: string;
  readonly region: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The event the schedule would send. */
  readonly input: unknown;
  /** Resolved at each invocation, so a module that cannot load fails that sweep as a Lambda init error would. */
  readonly loadHandler: () => ScheduledLambdaHandler;
  readonly log?: (line: string) => void;
}

export interface LeaseSweeperTimer {
  /** No new sweep starts; waits for the one in progress. Idempotent. */
  stop(): Promise<void>;
}

const IntervalEnv = z.object({ LEASE_SWEEP_INTERVAL_SECONDS: z.coerce.number().positive().max(3600).default(60) });

/** `LEASE_SWEEP_INTERVAL_SECONDS` (default 60, like the deployed schedule's rate(1 minute)); a bad value names the variable. */
export function leaseSweepIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return readLocalEnv(IntervalEnv, env).LEASE_SWEEP_INTERVAL_SECONDS;
}

/**
 * Under `npm start`, what the EventBridge Scheduler schedule does in AWS: invokes the lease sweeper every
 * `intervalSeconds`, with the schedule's input and a Lambda context. Sweeps never overlap (a schedule may; the
 * sweeper's conditional writes make that harmless, but there is no need here). The one place that fires it, so a
 * local Scheduler stand-in can take over.
 */
export function startLeaseSweeperTimer(options: LeaseSweeperTimerOptions): LeaseSweeperTimer {
  const log = options.log ?? (() => undefined);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = async (): Promise<void> => {
    try {
      await invokeLocally(options, options.loadHandler(), options.input);
    } catch (error) {
      log(`[${options.functionName}] sweep failed: ${errorMessage(error)}`);
    }
  };
  const next = (): void => {
    timer = setTimeout(() => {
      sweeping = sweep().finally(() => !stopped && next());
    }, options.intervalSeconds * 1000);
  };
  next();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
    },
  };
}
