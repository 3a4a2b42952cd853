import { randomUUID } from 'node:crypto';
import type { Run } from '../../../functions/core/runs/run';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

/**
 * What the contract suites share. Every test makes its own ids and org ids: over DynamoDB Local the suites share
 * one table with every other test file of the integration project, so nothing may collide or be counted twice.
 */

export const freshId = (prefix = ''): string => `${prefix}${randomUUID()}`;
export const freshOrg = (): string => freshId('org-contract-');

/** A run as `create` receives it: queued, nothing counted, every nullable field null. */
export function newRun(overrides: Partial<Run> = {}): Run {
  return {
    runId: freshId(), orgId: freshOrg(), kind: 'transaction_batch', namespace: 'default', state: 'queued',
    phase: 'validating', importJobId: null, attempt: 1,
    files: [{ fileName: 'a.csv', format: 'csv', gzip: false, sizeBytes: 10 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: null, succeeded: 0, failed: 0, skipped: 0, filesSplit: 0, totalChunks: 0,
    chunksDone: 0, createdAt: '2026-11-25T10:00:00.000Z', startedAt: null, completedAt: null, heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: null, metadata: { fileName: 'a.csv' }, control: NO_CONTROL, ...overrides,
  };
}

/**
 * Reads through a global index are eventually consistent in DynamoDB: asks again (briefly) until `accept` holds,
 * and answers the last read either way, for the assertion to show.
 */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, attempts = 20): Promise<T> {
  let value = await read();
  for (let attempt = 1; attempt < attempts && !accept(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** A port or ports to test, made fresh for each test (the fakes start empty; the adapters share their table). */
export type MakePort<T> = () => T | Promise<T>;
