// SKELETON (lead): a helper builds this page this session.
export function MappingsPage() {
  return <h1>Mappings</h1>;
}
