import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoImportJobAlerts } from '../../../functions/adapters/dynamodb/import-job-alerts';
import { DynamoImportJobRepository } from '../../../functions/adapters/dynamodb/import-job-repository';
import type { ImportJob } from '../../../functions/core/import-jobs/import-job';
import { INITIAL_ALERT_STATE, type AlertState } from '../../../functions/core/notifications/alert-policy';

jest.setTimeout(60_000);

const clients = createAwsClients();
const table = process.env.CONTROL_TABLE_NAME as string;
const alerts = new DynamoImportJobAlerts(clients.dynamo, table);
const importJobs = new DynamoImportJobRepository(clients.dynamo, table);

const state = (version: number, signature: string | null, runIds: string[]): AlertState => ({ signature, jobHalted: false, decidedRunIds: runIds, version });

describe('Adapter: DynamoImportJobAlerts (DynamoDB Local)', () => {
  it('answers the initial state for a job never decided, then what was written', async () => {
    // Arrange
    const id = randomUUID();
    // Act
    const before = await alerts.get(id);
    const written = await alerts.put(id, { signature: 'halted:MAPPING_MISMATCH', jobHalted: true, decidedRunIds: ['r1'], version: 1 }, 0);
    // Assert
    expect(before).toEqual(INITIAL_ALERT_STATE);
    expect(written).toBe(true);
    expect(await alerts.get(id)).toEqual({ signature: 'halted:MAPPING_MISMATCH', jobHalted: true, decidedRunIds: ['r1'], version: 1 });
  });

  it('writes on the version read only: of two writers that read the same state, one wins', async () => {
    // Arrange
    const id = randomUUID();
    await alerts.put(id, state(1, null, ['r0']), 0);
    // Act
    const results = await Promise.all([alerts.put(id, state(2, 'failed:EMPTY_FILE', ['r0', 'a']), 1), alerts.put(id, state(2, 'failed:EMPTY_FILE', ['r0', 'b']), 1)]);
    const secondCreate = await alerts.put(id, state(1, null, []), 0);
    // Assert
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(secondCreate).toBe(false);
    expect((await alerts.get(id)).version).toBe(2);
  });

  it('is deleted with its import job, and only then', async () => {
    // Arrange
    const id = randomUUID();
    const job: ImportJob = {
      id, orgId: 'org-alerts', status: 'draft', name: 'Nightly', kind: 'transaction_batch', namespace: 'default', mappingId: null,
      columnMapping: null, format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' },
      source: { bucket: 'b', prefix: `drops/org-alerts/${id}/`, filenamePattern: '*.csv', maxFileAgeHours: null },
      schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'UTC' }, notifications: { emails: [], events: [] },
      statusReason: null, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
    };
    await importJobs.create(job);
    await alerts.put(id, state(1, 'failed:EMPTY_FILE', ['r1']), 0);
    // Act
    const byIntruder = await importJobs.delete('intruder', id);
    const keptThen = await alerts.get(id);
    await importJobs.replace({ ...job, name: 'Renamed' }, ['draft']); // a whole-item replace leaves it alone
    const keptAfterReplace = await alerts.get(id);
    const deleted = await importJobs.delete(job.orgId, id);
    // Assert
    expect(byIntruder).toBe(false);
    expect(keptThen.version).toBe(1);
    expect(keptAfterReplace.version).toBe(1);
    expect(deleted).toBe(true);
    expect(await alerts.get(id)).toEqual(INITIAL_ALERT_STATE);
  });
});
