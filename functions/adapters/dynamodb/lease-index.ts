import { createHash } from 'node:crypto';
import { LEASE_INDEX } from '../../../lib/resources';

/**
 * The attributes that put a run in the sparse lease index (lib/resources.ts LEASE_INDEX). Whoever writes a run's
 * lease writes `leaseDueAt` with it; whoever ends a run removes both, so only runs that can still expire are
 * indexed and the sweeper's query never reads finished ones.
 */
export const LEASE_SHARD = LEASE_INDEX.partitionKey.name;
export const LEASE_DUE_AT = LEASE_INDEX.sortKey.name;

/** Index partitions: lease renewals of many runs spread over them; the sweeper queries each. */
export const LEASE_SHARDS = 4;

export function leaseShardOf(runId: string): string {
  const n = createHash('sha256').update(runId).digest().readUInt32BE(0) % LEASE_SHARDS;
  return `LEASE#${n}`;
}

export function allLeaseShards(): string[] {
  return Array.from({ length: LEASE_SHARDS }, (_, n) => `LEASE#${n}`);
}

/** `REMOVE` clause taking a run out of the index (it ended). */
export const LEAVE_LEASE_INDEX = `${LEASE_SHARD}, ${LEASE_DUE_AT}`;
