import type { RecordStore } from '../ports';
import type { ImportRecord } from './record';

type PutResult = Awaited<ReturnType<RecordStore['putNew']>>[number];

/** Stand-in records of a dry run live a day: long enough to finish any run, short enough to leave no trace. */
const STAND_IN_SECONDS = 24 * 3600;

/**
 * A dry run's writes: what a real write would answer, with nothing real written. A key that holds a real
 * record answers that record, exactly as the conditional put would. Any other key is written as a stand-in
 * private to this run, with the same condition, so rows of the same file that repeat a key meet each other just
 * as they would in the real run; stand-ins expire by themselves.
 */
export async function rehearseWrites(
  records: RecordStore,
  run: { readonly runId: string; readonly orgId: string },
  wave: readonly ImportRecord[],
  now: Date,
): Promise<PutResult[]> {
  const real = await records.find(run.orgId, wave.map((record) => record.key));
  const fresh = wave.filter((record) => !real.has(record.key));
  const expiresAt = Math.floor(now.getTime() / 1000) + STAND_IN_SECONDS;
  const standIns = await records.putNew(fresh.map((record) => ({ ...record, key: standInKey(run.runId, record.key), expiresAt })));
  let next = 0;
  return wave.map((record): PutResult => {
    const hit = real.get(record.key);
    if (hit) return { written: false, existing: hit };
    const result = standIns[next++] as PutResult;
    return result.written ? result : { written: false, existing: { ...result.existing, key: record.key } };
  });
}

export function standInKey(runId: string, key: string): string {
  return `DRYRUN#${runId}#${key}`;
}
