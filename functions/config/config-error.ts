import type { z } from 'zod';

/** One variable that is missing or wrong, and what is wrong with it. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/**
 * A function's configuration is missing a value or holds a bad one. Thrown at cold start (module scope of the
 * composition root), so the function never serves a request with it; the message names every variable at fault.
 */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map(({ variable, message }) => `${variable}: ${message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** The environment as the loaders see it: a blank variable counts as unset (a CDK prop left empty, `X= npm start`). */
export function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/**
 * The one place a zod failure becomes a ConfigError: each issue under the variable it is about, and a variable
 * that is not set at all says so, rather than zod's "expected string, received undefined".
 */
export function configError(issues: readonly z.core.$ZodIssue[], env: Readonly<Record<string, string>>): ConfigError {
  const problems = issues.map((issue): ConfigProblem => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    const notSet = issue.code === 'invalid_type' && issue.path.length === 1 && env[variable] === undefined;
    return { variable, message: notSet ? 'required, but not set' : issue.message };
  });
  return new ConfigError(problems);
}

/**
 * Reads a function's configuration with its schema (function-configs.ts), once, at cold start. A missing or bad
 * value throws a ConfigError naming the variable.
 */
export function loadConfig<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const present = withoutBlanks(env);
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw configError(parsed.error.issues, present);
  return parsed.data;
}
