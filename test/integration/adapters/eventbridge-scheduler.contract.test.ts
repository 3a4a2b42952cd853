import { CreateScheduleGroupCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeScheduler } from '../../../functions/adapters/scheduler/eventbridge-scheduler';
import { startLocalScheduler, type LocalScheduler } from '../../../local/emulators/scheduler';
import { describeSchedulerContract, type HeldSchedule } from '../../support/contracts/scheduler.contract';

// The same suite runs over the in-memory fakes in test/unit/fakes/scheduler.contract.test.ts. The stand-in runs in
// this process; nothing here is due before the tests end, so it fires nothing.
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let standIn: LocalScheduler;
let client: SchedulerClient;

beforeAll(async () => {
  standIn = await startLocalScheduler({ invoke: async () => undefined });
  client = new SchedulerClient({ endpoint: standIn.endpoint, region: 'us-east-1', credentials });
  await client.send(new CreateScheduleGroupCommand({ Name: 'contract' }));
});

afterAll(async () => {
  client.destroy();
  await standIn.stop();
});

async function read(name: string): Promise<HeldSchedule | null> {
  try {
    const held = await client.send(new GetScheduleCommand({ Name: name, GroupName: 'contract' }));
    const { scheduledTime: _, ...request } = JSON.parse(held.Target?.Input ?? '{}') as Record<string, unknown>;
    return {
      expression: String(held.ScheduleExpression),
      timezone: String(held.ScheduleExpressionTimezone),
      enabled: held.State === 'ENABLED',
      request: request as unknown as HeldSchedule['request'],
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return null;
    throw error;
  }
}

describeSchedulerContract('EventBridgeScheduler (local stand-in)', () => ({
  scheduler: new EventBridgeScheduler({
    client,
    groupName: 'contract',
    targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:RunImportJobFunction',
    roleArn: 'arn:aws:iam::000000000000:role/scheduler',
  }),
  read,
}));
