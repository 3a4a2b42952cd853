import { toSchedulerExpression } from '../../../functions/adapters/scheduler/schedule-expression';
import type { ScheduleDefinition } from '../../../functions/core/scheduling/ports';
import { FakeScheduler } from '../../support/fake-scheduler';
import { RecordingScheduler } from '../../support/notification-fakes';
import { describeSchedulerContract } from '../../support/contracts/scheduler.contract';

// The same suite runs over EventBridgeScheduler and the local stand-in in
// test/integration/adapters/eventbridge-scheduler.contract.test.ts.
const reader = (schedules: Map<string, ScheduleDefinition>) => async (name: string) => {
  const held = schedules.get(name);
  if (!held) return null;
  const { expression, timezone } = toSchedulerExpression(held.timing);
  return { expression, timezone, enabled: held.enabled, request: held.request };
};

describeSchedulerContract('FakeScheduler', () => {
  const scheduler = new FakeScheduler();
  return { scheduler, read: reader(scheduler.schedules) };
});
describeSchedulerContract('RecordingScheduler', () => {
  const scheduler = new RecordingScheduler();
  return { scheduler, read: reader(scheduler.schedules) };
});
