import { dashboardPaths } from './paths';

/**
 * Where to go after sign-in: `next` when it is a path of this dashboard (never another site: `//evil.example` or
 * `https://…` would make the sign-in page an open redirect), else the batch jobs.
 */
export function afterSignIn(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith(dashboardPaths.signIn)) {
    return dashboardPaths.jobs;
  }
  return next;
}

/** The sign-in page's address, remembering where the user was going. */
export function signInUrl(next: string): string {
  return next === '/' || next.startsWith(dashboardPaths.signIn) ? dashboardPaths.signIn : `${dashboardPaths.signIn}?next=${encodeURIComponent(next)}`;
}
