import type { RunFailure, Run } from './run';

/** Chunks of the run that were dead-lettered and salvaged (see use-cases/salvage-dead-chunk.ts). */
export function deadLetteredChunksOf(run: Pick<Run, 'control'>): string[] {
  return [...run.control.deadLetteredChunks];
}

/**
 * How a run with dead-lettered chunks ends: `INTERNAL_ERROR`, so state `failed` and phase `failed` (a rerun may
 * well get past it, which is what `failed` runs get; `halted` is kept for failures a person must fix first).
 */
export function deadChunksFailure(chunkIds: readonly string[]): RunFailure {
  const named = chunkIds.slice(0, 10).join(', ') + (chunkIds.length > 10 ? `, and ${chunkIds.length - 10} more` : '');
  return {
    code: 'INTERNAL_ERROR',
    message:
      `Chunk${chunkIds.length > 1 ? 's' : ''} ${named} failed on every delivery and ${chunkIds.length > 1 ? 'were' : 'was'} dead-lettered: ` +
      'their rows that were not imported are counted failed (PROCESSING_ERROR)',
    details: { deadLetteredChunks: [...chunkIds] },
  };
}
