// SKELETON (lead): a helper builds this page this session.
export function QuotaPage() {
  return <h1>Quota</h1>;
}
