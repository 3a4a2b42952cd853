/**
 * PLACEHOLDER, replaced at merge by the real composition root (the lease sweeper): it exists so that the CDK app
 * can bundle the scheduled function and the local stack can route its fixed schedule to it. It sweeps nothing.
 */
export async function handler(): Promise<never> {
  throw new Error('sweep-leases is not built in this branch yet');
}
