import path from 'node:path';
import type { Command } from 'commander';
import { BatchImportApi, type JobStatusBody } from './api';
import { resolveConnection } from './config';
import { summaryOf, waitForJob, exitCodeOf } from './wait';
import { EXIT } from './errors';

/** The client for a command, from the program-wide `--url` and `--key` (or their fallbacks). */
export function apiFor(command: Command): BatchImportApi {
  const { url, key } = command.optsWithGlobals<{ url?: string; key?: string }>();
  return new BatchImportApi(resolveConnection({ url, key }));
}

export const printLine = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** A body as the service sent it, alone on stdout, for scripts (`| jq`). */
export const printJson = (body: unknown): void => printLine(JSON.stringify(body, null, 2));

/**
 * `--wait` for any command that starts a job: progress (on stderr under `--json`, which keeps stdout for the final
 * body alone), then the summary or the body; the exit code follows the job's outcome.
 */
export async function waitAndReport(api: BatchImportApi, jobId: string, json: boolean): Promise<number> {
  const body: JobStatusBody = await waitForJob(api, jobId, json ? process.stderr : process.stdout);
  if (json) printJson(body);
  else for (const line of summaryOf(body.job)) printLine(line);
  return exitCodeOf(body.job);
}

/** Runs a command's body and records its exit code; errors go up to the one handler in main. */
export const exitWith =
  <A extends unknown[]>(body: (...args: A) => Promise<number | void>) =>
  async (...args: A): Promise<void> => {
    process.exitCode = (await body(...args)) ?? EXIT.ok;
  };

/**
 * A path the user typed, from where they typed it: `npm run` runs the CLI in the project's root, and says in
 * INIT_CWD where it was started.
 */
export const userPath = (typed: string): string => path.resolve(process.env.INIT_CWD ?? process.cwd(), typed);
