/**
 * JSON text as a value, or undefined when it is not JSON: for text a schema checks next (a queue message, a stored
 * line), where "not JSON" and "not that shape" are the same answer. Request bodies go through `parseJsonText`
 * (handlers/http/request.ts), which answers a 400 instead.
 */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
