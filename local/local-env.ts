import type { z } from 'zod';
import { withoutBlanks } from '../functions/config/config-error';

/**
 * Reads the local stack's own variables (ports, faults, the sweep interval) with a zod schema. A blank variable is
 * unset, as for the functions' configuration; a bad value throws one line naming it: `invalid NAME="value": why`.
 */
export function readLocalEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const parsed = schema.safeParse(withoutBlanks(env));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0]);
  throw new Error(`invalid ${name}=${JSON.stringify(env[name])}: ${issue?.message}`);
}
