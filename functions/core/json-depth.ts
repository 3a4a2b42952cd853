import { DomainError } from './errors';

/**
 * Levels of arrays and objects a JSON request body may nest. Records are flat with an `attributes` object, and
 * options a level or two; 64 leaves room for any real document while keeping every recursive walk of the value
 * (JSON.stringify, request fingerprints, schema checks) far from the stack's end.
 */
export const MAX_JSON_BODY_DEPTH = 64;

/**
 * Whether a JSON text nests arrays and objects deeper than `limit`. A loop, not a parse: it measures a text of
 * any depth without using the stack, and stops at the first level too deep. Brackets inside strings do not count.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** Refuses a JSON text that nests deeper than MAX_JSON_BODY_DEPTH, before anything parses or walks it. */
export function assertJsonDepth(text: string, what: string): void {
  if (nestsDeeperThan(text, MAX_JSON_BODY_DEPTH)) {
    throw new DomainError('VALIDATION_ERROR', `${what} nests arrays and objects more than ${MAX_JSON_BODY_DEPTH} levels deep`, {
      maxDepth: MAX_JSON_BODY_DEPTH,
    });
  }
}
