import { dashboardPaths } from '../paths';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no dashboard page at this address. Go to <a href={dashboardPaths.jobs}>the batch jobs</a>.
      </p>
    </section>
  );
}
