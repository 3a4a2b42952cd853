import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { nextOccurrence, parseScheduleExpression, ScheduleExpressionError, type ScheduleExpression } from '../../functions/core/scheduling/schedule-expression';
import { SCHEDULED_TIME_PLACEHOLDER } from '../../functions/core/scheduling/target-input';
import { LOCAL_ACCOUNT_ID } from '../lambda-runtime';
import { readBody } from '../read-body';

/**
 * A local stand-in for EventBridge Scheduler: an HTTP server speaking the REST-JSON API that
 * `@aws-sdk/client-scheduler` calls (schedules and schedule groups; ResourceNotFoundException, ConflictException
 * and ValidationException as the SDK expects them), which fires schedules at their targets through `invoke`.
 *
 * Differences from AWS, on purpose: a schedule fires at its exact second instead of somewhere within its minute;
 * occurrences missed while the process slept (or skipped by `advance`) fire once, not once each; a failed
 * invocation is recorded and logged, never retried; an `at()` already past when the schedule is written fires at
 * once. Nothing is signed or checked for permissions. Tests and demos can make time pass with `advance` (or
 * `POST /_local/advance {"seconds": n}`) and read what fired with `invocations` (or `GET /_local/invocations`).
 */

export interface ScheduledInvocation {
  readonly scheduleName: string;
  readonly groupName: string;
  readonly targetArn: string;
  /** The target's `Input`, as written (a JSON string for a Lambda target), if any. */
  readonly input: string | undefined;
  /** The occurrence that came due (ISO 8601). */
  readonly scheduledTime: string;
  /** When it was handed to `invoke`, on the stand-in's clock (ISO 8601). */
  readonly firedAt: string;
  status: 'pending' | 'succeeded' | 'failed';
  error?: string;
}

export type InvokeTarget = (invocation: Readonly<ScheduledInvocation>) => Promise<void>;

export interface LocalSchedulerOptions {
  /** Calls the target of a schedule that came due; a rejection is recorded as a failed invocation. */
  readonly invoke: InvokeTarget;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** The real clock under the stand-in's own (which `advance` moves ahead of it). @default Date.now */
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface LocalScheduler {
  readonly endpoint: string;
  /** The stand-in's clock: the real one plus every `advance`. */
  now(): Date;
  /** Moves the clock ahead and fires what came due meanwhile; resolves once those invocations have settled. */
  advance(milliseconds: number): Promise<ScheduledInvocation[]>;
  /** Every invocation so far (the latest 1,000), oldest first. */
  invocations(): readonly ScheduledInvocation[];
  stop(): Promise<void>;
}

/** What CreateSchedule and UpdateSchedule carry that the stand-in keeps (an update replaces every field). */
const ScheduleRequest = z
  .object({
    ScheduleExpression: z.string(),
    ScheduleExpressionTimezone: z.string().default('UTC'),
    State: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
    ActionAfterCompletion: z.enum(['NONE', 'DELETE']).default('NONE'),
    FlexibleTimeWindow: z.discriminatedUnion('Mode', [
      z.object({ Mode: z.literal('OFF') }),
      z.object({ Mode: z.literal('FLEXIBLE'), MaximumWindowInMinutes: z.number().int().min(1).max(1440) }),
    ]),
    Target: z.looseObject({ Arn: z.string(), RoleArn: z.string(), Input: z.string().max(8192).optional() }),
    StartDate: z.number().optional(),
    EndDate: z.number().optional(),
    Description: z.string().optional(),
    KmsKeyArn: z.string().optional(),
  })
  .refine((r) => r.StartDate === undefined || r.EndDate === undefined || r.EndDate > r.StartDate, { message: 'must be after StartDate', path: ['EndDate'] });
type ScheduleRequest = z.infer<typeof ScheduleRequest>;

/** ListSchedules' query as the service uses it: one group, a page at a time (no name or state filter locally). */
const ListQuery = z.object({
  ScheduleGroup: z.string().optional(),
  MaxResults: z.coerce.number().int().min(1).max(100).default(100),
  NextToken: z.string().optional(),
});
const AdvanceBody = z.object({ seconds: z.number().min(0) });

interface StoredSchedule {
  readonly name: string;
  readonly groupName: string;
  readonly arn: string;
  readonly request: ScheduleRequest;
  readonly expression: ScheduleExpression;
  readonly creationDate: number;
  readonly lastModificationDate: number;
  /** Occurrences before this instant are behind us. */
  cursor: number;
  /** The next occurrence to fire, or null: none left (the schedule has completed). */
  due: number | null;
}

type ErrorType = 'ValidationException' | 'ResourceNotFoundException' | 'ConflictException';
const STATUS: Record<ErrorType, number> = { ValidationException: 400, ResourceNotFoundException: 404, ConflictException: 409 };

class ApiError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[0-9a-zA-Z._-]{1,64}$/;
const MAX_INVOCATIONS_KEPT = 1000;
/** Re-arm at least this often, so a clock that jumps (a laptop waking up) is noticed soon. */
const MAX_SLEEP_MS = 30_000;
const DEFAULT_GROUP = 'default';

export async function startLocalScheduler(options: LocalSchedulerOptions): Promise<LocalScheduler> {
  const arnPrefix = `arn:aws:scheduler:${options.region ?? 'us-east-1'}:${LOCAL_ACCOUNT_ID}`;
  const realNow = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  let offset = 0;
  const now = (): number => realNow() + offset;

  const groups = new Map<string, number>([[DEFAULT_GROUP, now()]]); // name → creation date
  const schedules = new Map<string, StoredSchedule>(); // by `${group}/${name}`
  const fired: ScheduledInvocation[] = [];
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const computeDue = (schedule: StoredSchedule): number | null => {
    const { StartDate, EndDate } = schedule.request;
    const from = Math.max(schedule.cursor, StartDate !== undefined ? StartDate * 1000 : -Infinity);
    const start = new Date(StartDate !== undefined ? StartDate * 1000 : schedule.lastModificationDate);
    const next = nextOccurrence(schedule.expression, new Date(from), start)?.getTime() ?? null;
    return next !== null && EndDate !== undefined && next > EndDate * 1000 ? null : next;
  };

  const fire = (schedule: StoredSchedule, at: number): ScheduledInvocation => {
    // As EventBridge does: the context keyword becomes the time this firing was due, the same on every delivery.
    const scheduledTime = new Date(schedule.due!).toISOString();
    const invocation: ScheduledInvocation = {
      scheduleName: schedule.name,
      groupName: schedule.groupName,
      targetArn: schedule.request.Target.Arn,
      input: schedule.request.Target.Input?.split(SCHEDULED_TIME_PLACEHOLDER).join(scheduledTime.replace(/\.\d{3}Z$/, 'Z')),
      scheduledTime,
      firedAt: new Date(at).toISOString(),
      status: 'pending',
    };
    if (fired.push(invocation) > MAX_INVOCATIONS_KEPT) fired.shift();
    const settled = Promise.resolve()
      .then(() => options.invoke(invocation))
      .then(
        () => void (invocation.status = 'succeeded'),
        (error: unknown) => {
          invocation.status = 'failed';
          invocation.error = error instanceof Error ? error.message : String(error);
          log(`[scheduler] ${schedule.groupName}/${schedule.name} → ${invocation.targetArn} failed: ${invocation.error}`);
        },
      )
      .finally(() => inFlight.delete(settled));
    inFlight.add(settled);
    return invocation;
  };

  const fireDue = (): ScheduledInvocation[] => {
    const at = now();
    const started: ScheduledInvocation[] = [];
    for (const [key, schedule] of schedules) {
      if (schedule.request.State !== 'ENABLED' || schedule.due === null || schedule.due > at) continue;
      started.push(fire(schedule, at));
      // Every occurrence up to now is covered by this one invocation.
      schedule.cursor = at + 1;
      schedule.due = computeDue(schedule);
      if (schedule.due === null && schedule.request.ActionAfterCompletion === 'DELETE') schedules.delete(key);
    }
    return started;
  };

  const arm = (): void => {
    clearTimeout(timer);
    const dues = [...schedules.values()].filter((s) => s.request.State === 'ENABLED' && s.due !== null).map((s) => s.due!);
    if (stopped || dues.length === 0) return;
    timer = setTimeout(() => (fireDue(), arm()), Math.min(Math.max(Math.min(...dues) - now(), 0), MAX_SLEEP_MS));
    timer.unref();
  };

  const advance = async (milliseconds: number): Promise<ScheduledInvocation[]> => {
    offset += milliseconds;
    const started = fireDue();
    arm();
    await Promise.all([...inFlight]);
    return started;
  };

  const requireGroup = (name: string): number => {
    const created = groups.get(name);
    if (created === undefined) throw new ApiError('ResourceNotFoundException', `Schedule group ${name} does not exist.`);
    return created;
  };

  const getSchedule = (name: string, groupName: string | null): StoredSchedule => {
    requireGroup(groupName ?? DEFAULT_GROUP);
    const schedule = schedules.get(`${groupName ?? DEFAULT_GROUP}/${name}`);
    if (!schedule) throw new ApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
    return schedule;
  };

  const writeSchedule = (name: string, body: Record<string, unknown>, mode: 'create' | 'update'): { ScheduleArn: string } => {
    if (!NAME.test(name)) throw new ApiError('ValidationException', `Invalid schedule name ${name}.`);
    const groupName = typeof body.GroupName === 'string' ? body.GroupName : DEFAULT_GROUP;
    requireGroup(groupName);
    const key = `${groupName}/${name}`;
    const existing = schedules.get(key);
    if (mode === 'create' && existing) throw new ApiError('ConflictException', `Schedule ${name} already exists.`);
    if (mode === 'update' && !existing) throw new ApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
    const parsed = ScheduleRequest.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const request = parsed.data;
    let expression: ScheduleExpression;
    try {
      expression = parseScheduleExpression(request.ScheduleExpression, request.ScheduleExpressionTimezone);
    } catch (error) {
      throw error instanceof ScheduleExpressionError ? new ApiError('ValidationException', error.message) : error;
    }
    const at = now();
    const schedule: StoredSchedule = {
      name,
      groupName,
      arn: `${arnPrefix}:schedule/${groupName}/${name}`,
      request,
      expression,
      creationDate: existing?.creationDate ?? at,
      lastModificationDate: at,
      // A one-time schedule whose time has passed fires at once; anything else counts from now.
      cursor: expression.kind === 'at' ? 0 : at,
      due: null,
    };
    schedule.due = computeDue(schedule);
    schedules.set(key, schedule);
    arm();
    return { ScheduleArn: schedule.arn };
  };

  const listSchedules = (params: URLSearchParams): unknown => {
    const parsed = ListQuery.safeParse(Object.fromEntries(params));
    if (!parsed.success) throw validationError(parsed.error);
    const { ScheduleGroup, MaxResults, NextToken } = parsed.data;
    const start = Number(Buffer.from(NextToken ?? '', 'base64url').toString('utf8') || 0);
    const matching = [...schedules.values()]
      .filter((s) => ScheduleGroup === undefined || s.groupName === ScheduleGroup)
      .sort((a, b) => a.groupName.localeCompare(b.groupName) || a.name.localeCompare(b.name));
    const end = start + MaxResults;
    return {
      Schedules: matching.slice(start, end).map((s) => ({
        Arn: s.arn,
        Name: s.name,
        GroupName: s.groupName,
        State: s.request.State,
        CreationDate: s.creationDate / 1000,
        LastModificationDate: s.lastModificationDate / 1000,
        Target: { Arn: s.request.Target.Arn },
      })),
      NextToken: end < matching.length ? Buffer.from(String(end)).toString('base64url') : undefined,
    };
  };

  /** The operations, by method and the path's first segment; `name` is the second segment, if any. */
  const operations: Record<string, (name: string, body: Record<string, unknown>, query: URLSearchParams) => unknown> = {
    'POST schedules/': (name, body) => writeSchedule(name, body, 'create'),
    'PUT schedules/': (name, body) => writeSchedule(name, body, 'update'),
    'GET schedules/': (name, _, query) => {
      const { request, creationDate, lastModificationDate, ...schedule } = getSchedule(name, query.get('groupName'));
      const { arn: Arn, groupName: GroupName, name: Name } = schedule;
      return { Arn, GroupName, Name, ...request, CreationDate: creationDate / 1000, LastModificationDate: lastModificationDate / 1000 };
    },
    'DELETE schedules/': (name, _, query) => {
      const schedule = getSchedule(name, query.get('groupName'));
      schedules.delete(`${schedule.groupName}/${schedule.name}`);
      arm();
      return {};
    },
    'GET schedules': (_, __, query) => listSchedules(query),
    'POST schedule-groups/': (name) => {
      if (!NAME.test(name)) throw new ApiError('ValidationException', `Invalid schedule group name ${name}.`);
      if (groups.has(name)) throw new ApiError('ConflictException', `Schedule group ${name} already exists.`);
      groups.set(name, now());
      return { ScheduleGroupArn: `${arnPrefix}:schedule-group/${name}` };
    },
    'GET schedule-groups/': (name) => {
      const created = requireGroup(name) / 1000;
      return { Arn: `${arnPrefix}:schedule-group/${name}`, Name: name, State: 'ACTIVE', CreationDate: created, LastModificationDate: created };
    },
    'DELETE schedule-groups/': (name) => {
      if (name === DEFAULT_GROUP) throw new ApiError('ValidationException', 'The default group cannot be deleted.');
      requireGroup(name);
      groups.delete(name);
      for (const [key, schedule] of schedules) if (schedule.groupName === name) schedules.delete(key);
      arm();
      return {};
    },
    'POST _local/advance': async (_, body) => {
      const parsed = AdvanceBody.safeParse(body);
      if (!parsed.success) throw new ApiError('ValidationException', 'advance needs {"seconds": a number >= 0}.');
      const invocations = await advance(parsed.data.seconds * 1000);
      return { now: new Date(now()).toISOString(), invocations };
    },
    'GET _local/invocations': () => ({ now: new Date(now()).toISOString(), invocations: fired }),
  };

  const route = async (request: IncomingMessage): Promise<unknown> => {
    const url = new URL(request.url ?? '/', 'http://scheduler.local');
    const body = await readJson(request);
    const [resource = '', name, ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const path = resource === '_local' || name === undefined ? [resource, name].filter(Boolean).join('/') : `${resource}/`;
    const operation = rest.length === 0 ? operations[`${request.method} ${path}`] : undefined;
    if (!operation) throw new ApiError('ResourceNotFoundException', `No such operation: ${request.method} ${url.pathname}`);
    return operation(name ?? '', body, url.searchParams);
  };
  const server = createServer((request, response) => {
    route(request).then(
      (result) => send(response, 200, result),
      (error: unknown) => {
        const type = error instanceof ApiError ? error.type : 'InternalServerException';
        response.setHeader('x-amzn-errortype', type);
        send(response, error instanceof ApiError ? STATUS[error.type] : 500, { Message: (error as Error).message });
      },
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    now: () => new Date(now()),
    advance,
    invocations: () => fired,
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await Promise.all([...inFlight]);
      })()),
  };
}

function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  return new ApiError('ValidationException', `${issue?.path.join('.')}: ${issue?.message}`);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(request)).toString().trim();
  try {
    const parsed = JSON.parse(text || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new ApiError('ValidationException', 'The request body is not a JSON object.');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
