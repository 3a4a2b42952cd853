import { createRouteMatcher } from '../../../functions/contract/route-matcher';
import { DASHBOARD_ROUTES } from '../../../functions/contract/dashboard-routes';
import { ROUTE_TABLE } from '../../../functions/contract/routes';
import { pickEncoding } from '../../../functions/handlers/http/dashboard-handler';
import { dashboardPaths } from '../../../web/src/paths';
import { afterSignIn, signInUrl } from '../../../web/src/sign-in-target';

describe('Dashboard addresses', () => {
  const matcher = createRouteMatcher([...ROUTE_TABLE, ...DASHBOARD_ROUTES]);

  it("serves the shell at every address of web/src/paths.ts, and never shadows an API route", () => {
    const addresses = [
      '/',
      dashboardPaths.signIn,
      dashboardPaths.jobs,
      dashboardPaths.job('6f1c2b9e'),
      dashboardPaths.jobDownload('6f1c2b9e', 'failed-rows'),
      dashboardPaths.upload,
      dashboardPaths.importJobs,
      dashboardPaths.newImportJob,
      dashboardPaths.importJob('b7d1c0de'),
      dashboardPaths.mappings,
      dashboardPaths.quota,
    ];
    for (const address of addresses) expect([address, matcher.match('GET', address)?.route.function]).toEqual([address, 'dashboard']);
    for (const route of DASHBOARD_ROUTES) expect(route.path.startsWith('/batch-import')).toBe(false);
  });
});

describe('Function: afterSignIn', () => {
  it('goes back to a dashboard path, keeping its query', () => {
    expect(afterSignIn('/jobs/abc/download/failed-rows')).toBe('/jobs/abc/download/failed-rows');
    expect(afterSignIn('/jobs?status=failed')).toBe('/jobs?status=failed');
  });

  it('never leaves the dashboard (no open redirect) and never loops to sign-in', () => {
    for (const next of [undefined, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/sign-in?next=/jobs']) {
      expect([next, afterSignIn(next)]).toEqual([next, '/jobs']);
    }
  });

  it('remembers where the user was going, except the start page', () => {
    expect(signInUrl('/upload?x=1')).toBe('/sign-in?next=%2Fupload%3Fx%3D1');
    expect(signInUrl('/')).toBe('/sign-in');
  });
});

describe('Function: pickEncoding', () => {
  const asset = { contentType: 'text/javascript', identity: Buffer.from('a'), br: Buffer.from('b'), gzip: Buffer.from('g') };

  it.each([
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.5, br;q=0.1', 'br'],
    ['*', 'br'],
    ['identity', 'identity'],
    [undefined, 'identity'],
    ['br;q=0, gzip;q=0', 'identity'],
  ] as const)('Accept-Encoding %p → %p', (header, expected) => {
    expect(pickEncoding(header, asset)).toBe(expected);
  });

  it('answers as built when the build has no compressed copy', () => {
    expect(pickEncoding('br, gzip', { contentType: 'image/svg+xml', identity: Buffer.from('a') })).toBe('identity');
  });
});
