// SKELETON (lead): a helper builds this page this session.
export function NewImportJobPage() {
  return <h1>New import job</h1>;
}
