// SKELETON (lead): a helper builds this page this session.
export function JobPage() {
  return <h1>Batch job</h1>;
}
