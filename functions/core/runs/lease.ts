/** When a lease taken or renewed at `at` runs out. */
export function leaseExpiry(at: Date, leaseSeconds: number): string {
  return new Date(at.getTime() + leaseSeconds * 1000).toISOString();
}
