/**
 * The part of Lambda's event filtering grammar (the EventBridge pattern syntax) that this service's filters use:
 * a pattern is an object whose leaves are arrays of allowed values, or of `{ prefix }` and `{ 'anything-but' }`
 * rules; every field of the pattern must match, and a field the event lacks matches nothing. Lambda applies such a
 * pattern before it invokes a function; the local stack and the consumer apply the same pattern with this, so a
 * filter is written once. Anything outside this subset is refused rather than guessed at.
 */
export type EventPattern = { readonly [field: string]: EventPattern | readonly PatternValue[] };
export type PatternValue = string | number | { readonly prefix: string } | { readonly 'anything-but': readonly (string | number)[] };

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([field, rule]) => {
    const value = event[field];
    if (Array.isArray(rule)) return (rule as readonly PatternValue[]).some((allowed) => matchesValue(allowed, value));
    return matchesEventPattern(rule as EventPattern, value);
  });
}

function matchesValue(allowed: PatternValue, value: unknown): boolean {
  if (typeof allowed === 'string' || typeof allowed === 'number') return value === allowed;
  if (value === undefined || value === null || isObject(value)) return false;
  if ('prefix' in allowed) return typeof value === 'string' && value.startsWith(allowed.prefix);
  if ('anything-but' in allowed) return !allowed['anything-but'].includes(value as string | number);
  throw new Error(`Unsupported event pattern rule: ${JSON.stringify(allowed)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
