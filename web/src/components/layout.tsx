import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { dashboardPaths } from '../paths';
import { useSession } from '../session';
import { signInUrl } from '../sign-in-target';
import './layout.css';

const NAV: ReadonlyArray<{ readonly href: string; readonly label: string; readonly matches: (path: string) => boolean }> = [
  { href: dashboardPaths.jobs, label: 'Batch jobs', matches: (path) => path === '/' || path === dashboardPaths.jobs || path.startsWith(`${dashboardPaths.jobs}/`) },
  { href: dashboardPaths.upload, label: 'Upload', matches: (path) => path === dashboardPaths.upload },
  { href: dashboardPaths.importJobs, label: 'Import jobs', matches: (path) => path === dashboardPaths.importJobs || path.startsWith(`${dashboardPaths.importJobs}/`) },
  { href: dashboardPaths.mappings, label: 'Mappings', matches: (path) => path === dashboardPaths.mappings },
  { href: dashboardPaths.quota, label: 'Quota', matches: (path) => path === dashboardPaths.quota },
];

/**
 * The frame of every page: the nav (the current page marked with aria-current), who is signed in, and sign-out.
 * Without a session every page but sign-in sends the user to sign in, remembering where they were going.
 */
export function Layout({ children }: { children: ComponentChildren }) {
  const { session, signOut } = useSession();
  const { path, url, route } = useLocation();
  const [signOutError, setSignOutError] = useState<string | undefined>(undefined);
  const onSignIn = path === dashboardPaths.signIn;

  useEffect(() => {
    if (session === null && !onSignIn) route(signInUrl(url), true);
  }, [session, onSignIn, url]);

  const signOutNow = async () => {
    setSignOutError(undefined);
    try {
      await signOut();
      route(dashboardPaths.signIn);
    } catch (error) {
      setSignOutError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href={session ? dashboardPaths.jobs : dashboardPaths.signIn}>Batch import</a>
        {session && (
          <>
            <nav aria-label="Main">
              {NAV.map((item) => (
                <a key={item.href} href={item.href} aria-current={item.matches(path) ? 'page' : undefined}>
                  {item.label}
                </a>
              ))}
            </nav>
            <div class="account">
              <span class="who">
                Org <strong>{session.orgId}</strong>
              </span>
              <button type="button" class="secondary sign-out" onClick={signOutNow}>
                Sign out
              </button>
            </div>
          </>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {signOutError && (
          <p class="error-message" role="alert">
            Sign-out failed: {signOutError}
          </p>
        )}
        {onSignIn || session ? children : <p class="muted">{session === undefined ? 'Checking your session…' : 'Taking you to sign in…'}</p>}
      </main>
    </>
  );
}
