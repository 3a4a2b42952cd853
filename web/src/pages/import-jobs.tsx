// SKELETON (lead): a helper builds this page this session.
export function ImportJobsPage() {
  return <h1>Import jobs</h1>;
}
