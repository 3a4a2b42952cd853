import type { ComponentChildren } from 'preact';
import { dashboardPaths } from '../paths';

// SKELETON (lead): the issue-11 server helper owns this file (nav, sign-out, redirect to sign-in).
export function Layout({ children }: { children: ComponentChildren }) {
  return (
    <>
      <header class="top">
        <a class="brand" href={dashboardPaths.jobs}>Batch import</a>
        <nav aria-label="Main">
          <a href={dashboardPaths.jobs}>Batch jobs</a>
          <a href={dashboardPaths.upload}>Upload</a>
          <a href={dashboardPaths.importJobs}>Import jobs</a>
          <a href={dashboardPaths.mappings}>Mappings</a>
          <a href={dashboardPaths.quota}>Quota</a>
        </nav>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
