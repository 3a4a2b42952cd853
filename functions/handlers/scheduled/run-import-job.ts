/**
 * PLACEHOLDER, replaced at merge by the real composition root (the import-job trigger): it exists so that the
 * CDK app can bundle the scheduled function and the local stack can route schedules to it. It starts no run.
 */
export async function handler(): Promise<never> {
  throw new Error('run-import-job is not built in this branch yet');
}
