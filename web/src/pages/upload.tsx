// SKELETON (lead): a helper builds this page this session.
export function UploadPage() {
  return <h1>Upload</h1>;
}
