import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dashboardPaths } from '../../../functions/core/notifications/dashboard-paths';
import { importJobHaltedEmail, runEndedEmail, samplingFailedEmail } from '../../../functions/core/notifications/emails';
import { dashboardLinks, runEmailLinks } from '../../../functions/core/notifications/links';
import type { Run } from '../../../functions/core/runs/run';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

const links = dashboardLinks('https://imports.example.org');

describe('Function: dashboardLinks', () => {
  it('builds absolute URLs on the dashboard\'s own paths', () => {
    expect(links.run('job-1')).toBe('https://imports.example.org/jobs/job-1');
    expect(links.runDownload('job-1', 'failed-rows')).toBe('https://imports.example.org/jobs/job-1/download/failed-rows');
    expect(links.runDownload('job-1', 'failures')).toBe('https://imports.example.org/jobs/job-1/download/failures');
    expect(links.importJob('ij-1')).toBe('https://imports.example.org/import-jobs/ij-1');
  });

  it('keeps a path in the base URL, with or without a trailing slash, and encodes ids', () => {
    expect(dashboardLinks('http://127.0.0.1:3000/').run('a/b c')).toBe('http://127.0.0.1:3000/jobs/a%2Fb%20c');
    expect(dashboardLinks('https://example.org/imports/').importJob('ij-1')).toBe('https://example.org/imports/import-jobs/ij-1');
    expect(dashboardLinks('https://example.org/imports').importJob('ij-1')).toBe('https://example.org/imports/import-jobs/ij-1');
  });

  it('refuses a base that is not http(s), or that carries a query or fragment', () => {
    expect(() => dashboardLinks('ftp://example.org')).toThrow(/http/);
    expect(() => dashboardLinks('https://example.org/?x=1')).toThrow(/query/);
    expect(() => dashboardLinks('not a url')).toThrow();
  });

  it('lands every email link on a page the dashboard\'s router has (web/src/app.tsx)', () => {
    // The router declares its pages as <Route path="…">, by literal or through dashboardPaths' plain addresses.
    const app = readFileSync(path.resolve(__dirname, '../../../web/src/app.tsx'), 'utf8');
    const literal = [...app.matchAll(/path="([^"]+)"/g)].map((m) => m[1]!);
    const named = [...app.matchAll(/path=\{dashboardPaths\.(\w+)\}/g)].map((m) => (dashboardPaths as Record<string, unknown>)[m[1]!] as string);
    const patterns = [...literal, ...named].map((route) => new RegExp(`^${route.replace(/:[^/]+/g, '[^/]+')}$`));
    const links = [
      dashboardPaths.job('run-1'),
      ...(['failures', 'failed-rows', 'unprocessed-rows'] as const).map((file) => dashboardPaths.jobDownload('run-1', file)),
      dashboardPaths.importJob('ij-1'),
    ];
    for (const link of links) expect([link, patterns.some((pattern) => pattern.test(link))]).toEqual([link, true]);
    expect(dashboardPaths.jobDownload('j', 'unprocessed-rows')).toBe('/jobs/j/download/unprocessed-rows');
  });
});

describe('Function: runEmailLinks (what a recipient needs to fix the data)', () => {
  const counts = { totalItems: 10, succeeded: 10, failed: 0, skipped: 0 };
  it('links a clean run to its page only', () => {
    expect(runEmailLinks(links, { runId: 'j', phase: 'completed', ...counts })).toEqual([['Open the run', 'https://imports.example.org/jobs/j']]);
  });
  it('links a run with failed rows to the failed rows, which can be fixed and uploaded again', () => {
    expect(runEmailLinks(links, { runId: 'j', phase: 'partially_completed', ...counts, succeeded: 8, failed: 2 }).map(([, url]) => url)).toEqual([
      'https://imports.example.org/jobs/j',
      'https://imports.example.org/jobs/j/download/failed-rows',
    ]);
  });
  it('links a run that stopped before any row to the failures report, and rows never attempted to the unprocessed rows', () => {
    expect(runEmailLinks(links, { runId: 'j', phase: 'failed', totalItems: null, succeeded: 0, failed: 0, skipped: 0 }).map(([, url]) => url)).toEqual([
      'https://imports.example.org/jobs/j',
      'https://imports.example.org/jobs/j/download/failures',
    ]);
    expect(runEmailLinks(links, { runId: 'j', phase: 'halted', totalItems: 10, succeeded: 4, failed: 0, skipped: 0 }).map(([, url]) => url)).toEqual([
      'https://imports.example.org/jobs/j',
      'https://imports.example.org/jobs/j/download/failures',
      'https://imports.example.org/jobs/j/download/unprocessed-rows',
    ]);
  });
});

describe('Emails: every kind carries absolute dashboard links, in both parts, escaped in the HTML', () => {
  const tricky = dashboardLinks('https://example.org/a&b"<x>');
  const run = endedRun();
  const job = { id: 'ij-1', name: 'Nightly' };
  const emails = {
    runEnded: runEndedEmail({ run, job, maxAttempts: 6, next: { kind: 'none' }, links: tricky }, ['ops@example.com']),
    importJobHalted: importJobHaltedEmail({ run, job, maxAttempts: 6, links: tricky }, ['ops@example.com']),
    samplingFailed: samplingFailedEmail({ job, reason: 'binary', links: tricky }, ['ops@example.com']),
  };

  it.each(Object.entries(emails))('%s', (_kind, email) => {
    const importJobUrl = 'https://example.org/a&b%22%3Cx%3E/import-jobs/ij-1';
    expect(email.text).toContain(importJobUrl);
    expect(email.html).toContain(`<a href="https://example.org/a&amp;b%22%3Cx%3E/import-jobs/ij-1">`);
    expect(email.html).not.toMatch(/href="[^"]*[<>][^"]*"/);
    expect(email.text).not.toContain('/batch-import/');
  });

  it('links the run emails to the run and its failed rows', () => {
    for (const email of [emails.runEnded, emails.importJobHalted]) {
      expect(email.text).toContain('https://example.org/a&b%22%3Cx%3E/jobs/run-1\n');
      expect(email.text).toContain('https://example.org/a&b%22%3Cx%3E/jobs/run-1/download/failed-rows');
      expect(email.html).toContain('href="https://example.org/a&amp;b%22%3Cx%3E/jobs/run-1/download/failed-rows"');
    }
  });
});

function endedRun(): Run {
  return {
    runId: 'run-1', orgId: 'org-a', kind: 'transaction_batch', namespace: 'default', state: 'failed', phase: 'halted',
    importJobId: 'ij-1', attempt: 6, files: [{ fileName: 'e.csv', format: 'csv', gzip: false, sizeBytes: 1 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: 3, succeeded: 0, failed: 3, skipped: 0, filesSplit: 1, totalChunks: 1,
    chunksDone: 1, createdAt: '2026-11-25T10:00:00.000Z', startedAt: null, completedAt: '2026-11-25T10:00:00.000Z', heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: { code: 'LIMIT_REACHED', message: 'Limit reached' }, metadata: { source: 'import_job' }, control: NO_CONTROL,
  };
}
