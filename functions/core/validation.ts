import { z } from 'zod';
import { DomainError } from './errors';

/**
 * Parses with a schema; a failure is a VALIDATION_ERROR whose details are zod's flattened field errors, with
 * errors about the whole input under `_`. (Import jobs use parseInput instead: it names nested fields by path.)
 */
export function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error);
    throw new DomainError('VALIDATION_ERROR', `Invalid ${what}`, formErrors.length > 0 ? { ...fieldErrors, _: formErrors } : fieldErrors);
  }
  return parsed.data;
}
