import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  nextOccurrence,
  parseScheduleExpression,
  ScheduleExpressionError,
  type ScheduleExpression,
} from '../../functions/core/scheduling/schedule-expression';
import { SCHEDULED_TIME_PLACEHOLDER } from '../../functions/core/scheduling/target-input';

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
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** The real clock under the stand-in's own (which `advance` moves ahead of it). @default Date.now */
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface LocalScheduler {
  readonly endpoint: string;
  readonly port: number;
  /** The stand-in's clock: the real one plus every `advance`. */
  now(): Date;
  /** Moves the clock ahead and fires what came due meanwhile; resolves once those invocations have settled. */
  advance(milliseconds: number): Promise<ScheduledInvocation[]>;
  /** Every invocation so far (the latest 1,000), oldest first. */
  invocations(): readonly ScheduledInvocation[];
  stop(): Promise<void>;
}

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

interface ScheduleRequest {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly State: 'ENABLED' | 'DISABLED';
  readonly ActionAfterCompletion: 'NONE' | 'DELETE';
  readonly FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  readonly Target: { Arn: string; RoleArn: string; Input?: string } & Record<string, unknown>;
  readonly StartDate?: number;
  readonly EndDate?: number;
  readonly Description?: string;
  readonly KmsKeyArn?: string;
}

interface StoredGroup {
  readonly name: string;
  readonly arn: string;
  readonly creationDate: number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'ValidationException' | 'ResourceNotFoundException' | 'ConflictException' | 'InternalServerException',
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
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const realNow = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  let offset = 0;
  const now = (): number => realNow() + offset;

  const groups = new Map<string, StoredGroup>();
  const schedules = new Map<string, StoredSchedule>(); // by `${group}/${name}`
  const fired: ScheduledInvocation[] = [];
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const groupArn = (name: string): string => `arn:aws:scheduler:${region}:${accountId}:schedule-group/${name}`;
  const scheduleArn = (group: string, name: string): string =>
    `arn:aws:scheduler:${region}:${accountId}:schedule/${group}/${name}`;
  groups.set(DEFAULT_GROUP, { name: DEFAULT_GROUP, arn: groupArn(DEFAULT_GROUP), creationDate: now() });

  // ---- firing ----

  const computeDue = (schedule: StoredSchedule): number | null => {
    const { StartDate, EndDate } = schedule.request;
    const from = Math.max(schedule.cursor, StartDate !== undefined ? StartDate * 1000 : -Infinity);
    const start = new Date(StartDate !== undefined ? StartDate * 1000 : schedule.lastModificationDate);
    const next = nextOccurrence(schedule.expression, new Date(from), start);
    if (!next) return null;
    if (EndDate !== undefined && next.getTime() > EndDate * 1000) return null;
    return next.getTime();
  };

  const fireDue = (): ScheduledInvocation[] => {
    const at = now();
    const started: ScheduledInvocation[] = [];
    for (const [key, schedule] of schedules) {
      if (schedule.request.State !== 'ENABLED' || schedule.due === null || schedule.due > at) continue;
      // As EventBridge does: the context keyword becomes the time this firing was due, the same on every delivery.
      const scheduledTime = new Date(schedule.due).toISOString();
      const keywordValue = scheduledTime.replace(/\.\d{3}Z$/, 'Z');
      const invocation: ScheduledInvocation = {
        scheduleName: schedule.name,
        groupName: schedule.groupName,
        targetArn: schedule.request.Target.Arn,
        input: schedule.request.Target.Input?.split(SCHEDULED_TIME_PLACEHOLDER).join(keywordValue),
        scheduledTime,
        firedAt: new Date(at).toISOString(),
        status: 'pending',
      };
      started.push(invocation);
      fired.push(invocation);
      if (fired.length > MAX_INVOCATIONS_KEPT) fired.shift();
      const settled = Promise.resolve()
        .then(() => options.invoke(invocation))
        .then(
          () => void (invocation.status = 'succeeded'),
          (error: unknown) => {
            invocation.status = 'failed';
            invocation.error = error instanceof Error ? error.message : String(error);
            log(`[scheduler] ${schedule.groupName}/${schedule.name} → ${invocation.targetArn} failed: ${invocation.error}`);
          },
        );
      inFlight.add(settled);
      void settled.finally(() => inFlight.delete(settled));

      // Every occurrence up to now is covered by this one invocation.
      schedule.cursor = at + 1;
      schedule.due = computeDue(schedule);
      if (schedule.due === null && schedule.request.ActionAfterCompletion === 'DELETE') schedules.delete(key);
    }
    return started;
  };

  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    let earliest = Infinity;
    for (const schedule of schedules.values()) {
      if (schedule.request.State === 'ENABLED' && schedule.due !== null) earliest = Math.min(earliest, schedule.due);
    }
    if (earliest === Infinity) return;
    const delay = Math.min(Math.max(earliest - now(), 0), MAX_SLEEP_MS);
    timer = setTimeout(() => {
      fireDue();
      arm();
    }, delay);
    timer.unref();
  };

  // ---- API ----

  const requireGroup = (name: string): StoredGroup => {
    const group = groups.get(name);
    if (!group) throw new ApiError(404, 'ResourceNotFoundException', `Schedule group ${name} does not exist.`);
    return group;
  };

  const writeSchedule = (name: string, body: Record<string, unknown>, mode: 'create' | 'update'): string => {
    if (!NAME.test(name)) throw new ApiError(400, 'ValidationException', `Invalid schedule name ${name}.`);
    const groupName = optionalString(body.GroupName, 'GroupName') ?? DEFAULT_GROUP;
    requireGroup(groupName);
    const key = `${groupName}/${name}`;
    const existing = schedules.get(key);
    if (mode === 'create' && existing) {
      throw new ApiError(409, 'ConflictException', `Schedule ${name} already exists.`);
    }
    if (mode === 'update' && !existing) {
      throw new ApiError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
    }
    const request = validateScheduleRequest(body);
    let expression: ScheduleExpression;
    try {
      expression = parseScheduleExpression(request.ScheduleExpression, request.ScheduleExpressionTimezone);
    } catch (error) {
      if (error instanceof ScheduleExpressionError) throw new ApiError(400, 'ValidationException', error.message);
      throw error;
    }
    const at = now();
    const schedule: StoredSchedule = {
      name,
      groupName,
      arn: scheduleArn(groupName, name),
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
    return schedule.arn;
  };

  const getSchedule = (name: string, groupName: string): StoredSchedule => {
    requireGroup(groupName);
    const schedule = schedules.get(`${groupName}/${name}`);
    if (!schedule) throw new ApiError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
    return schedule;
  };

  const describe = (schedule: StoredSchedule): Record<string, unknown> => ({
    Arn: schedule.arn,
    GroupName: schedule.groupName,
    Name: schedule.name,
    ...schedule.request,
    CreationDate: schedule.creationDate / 1000,
    LastModificationDate: schedule.lastModificationDate / 1000,
  });

  const route = async (method: string, url: URL, body: Record<string, unknown>): Promise<unknown> => {
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const query = url.searchParams;
    if (segments[0] === 'schedules' && segments.length === 2) {
      const name = segments[1];
      switch (method) {
        case 'POST':
          return { ScheduleArn: writeSchedule(name, body, 'create') };
        case 'PUT':
          return { ScheduleArn: writeSchedule(name, body, 'update') };
        case 'GET':
          return describe(getSchedule(name, query.get('groupName') ?? DEFAULT_GROUP));
        case 'DELETE': {
          const schedule = getSchedule(name, query.get('groupName') ?? DEFAULT_GROUP);
          schedules.delete(`${schedule.groupName}/${schedule.name}`);
          arm();
          return {};
        }
      }
    }
    if (segments[0] === 'schedules' && segments.length === 1 && method === 'GET') {
      return listSchedules(query);
    }
    if (segments[0] === 'schedule-groups' && segments.length === 2) {
      const name = segments[1];
      switch (method) {
        case 'POST': {
          if (!NAME.test(name)) throw new ApiError(400, 'ValidationException', `Invalid schedule group name ${name}.`);
          if (groups.has(name)) throw new ApiError(409, 'ConflictException', `Schedule group ${name} already exists.`);
          groups.set(name, { name, arn: groupArn(name), creationDate: now() });
          return { ScheduleGroupArn: groupArn(name) };
        }
        case 'GET': {
          const group = requireGroup(name);
          const created = group.creationDate / 1000;
          return { Arn: group.arn, Name: group.name, State: 'ACTIVE', CreationDate: created, LastModificationDate: created };
        }
        case 'DELETE': {
          if (name === DEFAULT_GROUP) throw new ApiError(400, 'ValidationException', 'The default group cannot be deleted.');
          requireGroup(name);
          groups.delete(name);
          for (const [key, schedule] of schedules) if (schedule.groupName === name) schedules.delete(key);
          arm();
          return {};
        }
      }
    }
    if (segments[0] === '_local' && segments[1] === 'advance' && method === 'POST') {
      const seconds = body.seconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw new ApiError(400, 'ValidationException', 'advance needs {"seconds": a number >= 0}.');
      }
      const invocations = await advance(seconds * 1000);
      return { now: new Date(now()).toISOString(), invocations };
    }
    if (segments[0] === '_local' && segments[1] === 'invocations' && method === 'GET') {
      return { now: new Date(now()).toISOString(), invocations: fired };
    }
    throw new ApiError(404, 'ResourceNotFoundException', `No such operation: ${method} ${url.pathname}`);
  };

  const listSchedules = (query: URLSearchParams): unknown => {
    const group = query.get('ScheduleGroup');
    const prefix = query.get('NamePrefix') ?? '';
    const state = query.get('State');
    const maxResults = Number(query.get('MaxResults') ?? 100);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      throw new ApiError(400, 'ValidationException', 'MaxResults must be between 1 and 100.');
    }
    const start = Number(Buffer.from(query.get('NextToken') ?? '', 'base64url').toString('utf8') || 0);
    const matching = [...schedules.values()]
      .filter((s) => (group === null || s.groupName === group) && s.name.startsWith(prefix))
      .filter((s) => state === null || s.request.State === state)
      .sort((a, b) => a.groupName.localeCompare(b.groupName) || a.name.localeCompare(b.name));
    const page = matching.slice(start, start + maxResults);
    const next = start + maxResults < matching.length ? Buffer.from(String(start + maxResults)).toString('base64url') : undefined;
    return {
      Schedules: page.map((s) => ({
        Arn: s.arn,
        Name: s.name,
        GroupName: s.groupName,
        State: s.request.State,
        CreationDate: s.creationDate / 1000,
        LastModificationDate: s.lastModificationDate / 1000,
        Target: { Arn: s.request.Target.Arn },
      })),
      NextToken: next,
    };
  };

  const advance = async (milliseconds: number): Promise<ScheduledInvocation[]> => {
    offset += milliseconds;
    const started = fireDue();
    arm();
    await Promise.all([...inFlight]);
    return started;
  };

  const server = createServer((request, response) => void handle(request, response));
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const url = new URL(request.url ?? '/', 'http://scheduler.local');
      const body = await readJson(request);
      const result = await route(request.method ?? 'GET', url, body);
      send(response, 200, result);
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError(500, 'InternalServerException', (error as Error).message);
      response.setHeader('x-amzn-errortype', apiError.type);
      send(response, apiError.status, { Message: apiError.message });
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    now: () => new Date(now()),
    advance,
    invocations: () => fired,
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await Promise.all([...inFlight]);
      })()),
  };
}

function validateScheduleRequest(body: Record<string, unknown>): ScheduleRequest {
  const invalid = (message: string): never => {
    throw new ApiError(400, 'ValidationException', message);
  };
  const expression = optionalString(body.ScheduleExpression, 'ScheduleExpression') ?? invalid('ScheduleExpression is required.');
  const window = body.FlexibleTimeWindow as ScheduleRequest['FlexibleTimeWindow'] | undefined;
  if (!window || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE')) invalid('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.');
  if (window?.Mode === 'FLEXIBLE') {
    const minutes = window.MaximumWindowInMinutes;
    if (typeof minutes !== 'number' || minutes < 1 || minutes > 1440) invalid('MaximumWindowInMinutes must be 1-1440.');
  }
  const target = body.Target as ScheduleRequest['Target'] | undefined;
  if (!target || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string') {
    invalid('Target needs Arn and RoleArn.');
  }
  if (target?.Input !== undefined && (typeof target.Input !== 'string' || target.Input.length > 8192)) {
    invalid('Target.Input must be a string of at most 8192 characters.');
  }
  const state = body.State ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') invalid('State must be ENABLED or DISABLED.');
  const after = body.ActionAfterCompletion ?? 'NONE';
  if (after !== 'NONE' && after !== 'DELETE') invalid('ActionAfterCompletion must be NONE or DELETE.');
  const date = (value: unknown, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${name} must be a timestamp.`);
    return value as number;
  };
  const request: ScheduleRequest = {
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: optionalString(body.ScheduleExpressionTimezone, 'ScheduleExpressionTimezone') ?? 'UTC',
    State: state as ScheduleRequest['State'],
    ActionAfterCompletion: after as ScheduleRequest['ActionAfterCompletion'],
    FlexibleTimeWindow: window as ScheduleRequest['FlexibleTimeWindow'],
    Target: target as ScheduleRequest['Target'],
    StartDate: date(body.StartDate, 'StartDate'),
    EndDate: date(body.EndDate, 'EndDate'),
    Description: optionalString(body.Description, 'Description'),
    KmsKeyArn: optionalString(body.KmsKeyArn, 'KmsKeyArn'),
  };
  if (request.StartDate !== undefined && request.EndDate !== undefined && request.EndDate <= request.StartDate) {
    invalid('EndDate must be after StartDate.');
  }
  return request;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'ValidationException', `${name} must be a string.`);
  return value;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new ApiError(400, 'ValidationException', 'The request body is not a JSON object.');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
