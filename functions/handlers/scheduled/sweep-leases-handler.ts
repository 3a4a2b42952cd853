import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { invocationLogKeys, withLogKeys } from '../../adapters/logger';
import { sweepLeases, type SweepLeasesDeps, type SweepReport } from '../../core/use-cases/sweep-leases';

/** What the schedule sends (its target's `Input`); the sweep needs nothing from it, so anything else is logged. */
const SweepEvent = z.object({ task: z.literal('sweep-leases') }).partial().passthrough();

/**
 * The lease sweeper, invoked every minute by EventBridge Scheduler (locally, by a timer). A sweep that throws
 * (the index query failed) fails the invocation; the next one, a minute later, starts over.
 */
export function createSweepLeasesHandler(deps: SweepLeasesDeps) {
  return async (event: unknown, context?: Context): Promise<SweepReport> =>
    withLogKeys(invocationLogKeys(event, context), () => {
      if (!SweepEvent.safeParse(event ?? {}).success) deps.logger.warn('Unexpected sweep event ignored');
      return sweepLeases(deps);
    });
}
