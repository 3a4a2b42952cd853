import type { ScheduleDefinition, ScheduledRunRequest, Scheduler } from '../../../functions/core/scheduling/ports';
import { freshId, type MakePort } from './fixtures';

/** A schedule as the scheduler holds it: its expression as Scheduler takes it, its state and what it hands its target. */
export interface HeldSchedule {
  readonly expression: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly request: ScheduledRunRequest;
}

export interface SchedulerPorts {
  readonly scheduler: Scheduler;
  /** Reads a schedule back from where the scheduler keeps it; null when there is none of that name. */
  readonly read: (name: string) => Promise<HeldSchedule | null>;
}

const request = (overrides: Partial<ScheduledRunRequest> = {}): ScheduledRunRequest => ({
  orgId: 'acme', importJobId: freshId(), trigger: 'schedule', attempt: 1, ...overrides,
});
const hourly = (name: string, overrides: Partial<ScheduleDefinition> = {}): ScheduleDefinition => ({
  name, timing: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'Europe/Paris' }, request: request(), enabled: true, ...overrides,
});

/**
 * The Scheduler port's contract (§7), held by FakeScheduler, RecordingScheduler and EventBridgeScheduler (over the
 * local stand-in) alike: put creates or replaces, setEnabled answers false for an unknown name, delete of a missing
 * schedule is fine, and a timing Scheduler cannot take is refused before anything is written.
 */
export function describeSchedulerContract(name: string, makePorts: MakePort<SchedulerPorts>): void {
  describe(`Scheduler contract: ${name}`, () => {
    let scheduler: Scheduler;
    let read: SchedulerPorts['read'];
    beforeEach(async () => {
      ({ scheduler, read } = await makePorts());
    });

    it('creates a schedule, and replaces the one of that name whole', async () => {
      const name = freshId('job-');
      const first = hourly(name);
      await scheduler.put(first);
      expect(await read(name)).toEqual({ expression: 'rate(1 hour)', timezone: 'Europe/Paris', enabled: true, request: first.request });
      const retry = request({ trigger: 'retry', attempt: 2, previousRunId: 'run-1' });
      await scheduler.put({ name, timing: { type: 'once', at: '2031-03-01T09:30', timezone: 'America/New_York' }, request: retry, enabled: false });
      expect(await read(name)).toEqual({ expression: 'at(2031-03-01T09:30:00)', timezone: 'America/New_York', enabled: false, request: retry });
    });

    it('writes a one-time schedule given as an instant in UTC, and one without a zone in UTC', async () => {
      const [withOffset, local] = [freshId('job-'), freshId('job-')];
      await scheduler.put(hourly(withOffset, { timing: { type: 'once', at: '2031-03-01T09:30:00+02:00', timezone: 'Asia/Tokyo' } }));
      await scheduler.put(hourly(local, { timing: { type: 'once', at: '2031-03-01T09:30' } }));
      expect(await read(withOffset)).toMatchObject({ expression: 'at(2031-03-01T07:30:00)', timezone: 'UTC' });
      expect(await read(local)).toMatchObject({ expression: 'at(2031-03-01T09:30:00)', timezone: 'UTC' });
    });

    it('enables and disables an existing schedule, keeping the rest, and answers false for an unknown one', async () => {
      const name = freshId('job-');
      const definition = hourly(name, { timing: { type: 'recurring', expression: 'cron(0 6 ? * MON-FRI *)', timezone: 'UTC' } });
      expect(await scheduler.setEnabled(name, false)).toBe(false);
      expect(await read(name)).toBeNull();
      await scheduler.put(definition);
      expect(await scheduler.setEnabled(name, false)).toBe(true);
      expect(await scheduler.setEnabled(name, false)).toBe(true);
      expect(await read(name)).toEqual({ expression: 'cron(0 6 ? * MON-FRI *)', timezone: 'UTC', enabled: false, request: definition.request });
      expect(await scheduler.setEnabled(name, true)).toBe(true);
      expect((await read(name))?.enabled).toBe(true);
    });

    it('deletes a schedule, and a missing one without complaint', async () => {
      const name = freshId('job-');
      await scheduler.put(hourly(name));
      await scheduler.delete(name);
      await scheduler.delete(name);
      expect(await read(name)).toBeNull();
      expect(await scheduler.setEnabled(name, true)).toBe(false);
    });

    it('refuses a timing Scheduler cannot take, and writes nothing', async () => {
      const [recurring, once] = [freshId('job-'), freshId('job-')];
      await expect(scheduler.put(hourly(recurring, { timing: { type: 'recurring', expression: 'every hour', timezone: 'UTC' } }))).rejects.toThrow(TypeError);
      await expect(scheduler.put(hourly(once, { timing: { type: 'once', at: 'tomorrow at nine' } }))).rejects.toThrow(TypeError);
      expect(await read(recurring)).toBeNull();
      expect(await read(once)).toBeNull();
    });
  });
}
