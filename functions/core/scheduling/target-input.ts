import { z } from 'zod';
import type { ScheduledRunRequest } from './ports';
import { ID_PATTERN } from '../id-formats';

/**
 * EventBridge Scheduler replaces this keyword in a target's input with the time the schedule was due
 * (e.g. `2026-11-25T10:00:00Z`), the same on every delivery of that one firing: the dedupe key of a fire.
 */
export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';

/** What a schedule hands its target: the run request, plus when the schedule was due. */
export interface ScheduledRunEvent extends ScheduledRunRequest {
  /** ISO 8601; absent when the schedule's input carried no placeholder. */
  readonly scheduledTime?: string;
}

/** The input JSON to give a schedule's target (Scheduler adapters and the local stand-in use it). */
export function scheduleTargetInput(request: ScheduledRunRequest): string {
  return JSON.stringify({ ...request, scheduledTime: SCHEDULED_TIME_PLACEHOLDER });
}

/** The target's event, checked: a schedule's input is data from outside the function. */
export const ScheduledRunEventSchema = z.object({
  orgId: z.string().min(1).max(128),
  importJobId: z.string().min(1).max(128),
  trigger: z.enum(['schedule', 'retry']),
  attempt: z.number().int().min(1).max(1000),
  previousRunId: z.string().regex(ID_PATTERN).optional(),
  // A placeholder left unreplaced (a scheduler that does not know it) counts as absent.
  scheduledTime: z
    .string()
    .optional()
    .transform((value) => (value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined)),
});
