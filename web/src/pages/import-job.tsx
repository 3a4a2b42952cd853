// SKELETON (lead): a helper builds this page this session.
export function ImportJobPage() {
  return <h1>Import job</h1>;
}
