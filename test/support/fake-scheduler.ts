import { toSchedulerExpression } from '../../functions/adapters/scheduler/schedule-expression';
import type { ScheduleDefinition, Scheduler } from '../../functions/core/scheduling/ports';

/**
 * The Scheduler port in memory, with the adapter's contract: put creates or replaces, setEnabled answers false
 * for an unknown name, delete of a missing schedule is fine. `failNext` makes the next call of a method throw, to
 * test what a use case does when the scheduler is down.
 */
export class FakeScheduler implements Scheduler {
  readonly schedules = new Map<string, ScheduleDefinition>();
  readonly calls: string[] = [];
  private failing = new Set<'put' | 'setEnabled' | 'delete'>();

  failNext(method: 'put' | 'setEnabled' | 'delete'): void {
    this.failing.add(method);
  }

  async put(definition: ScheduleDefinition): Promise<void> {
    this.check('put', definition.name);
    // A timing EventBridge Scheduler cannot take is refused, as the adapter refuses it (a TypeError, nothing written).
    toSchedulerExpression(definition.timing);
    this.schedules.set(definition.name, structuredClone(definition));
  }

  async setEnabled(name: string, enabled: boolean): Promise<boolean> {
    this.check('setEnabled', `${name}=${enabled}`);
    const schedule = this.schedules.get(name);
    if (!schedule) return false;
    this.schedules.set(name, { ...schedule, enabled });
    return true;
  }

  async delete(name: string): Promise<void> {
    this.check('delete', name);
    this.schedules.delete(name);
  }

  private check(method: 'put' | 'setEnabled' | 'delete', what: string): void {
    this.calls.push(`${method} ${what}`);
    if (this.failing.delete(method)) throw new Error(`scheduler unavailable (${method})`);
  }
}
