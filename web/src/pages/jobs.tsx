// SKELETON (lead): a helper builds this page this session.
export function JobsPage() {
  return <h1>Batch jobs</h1>;
}
