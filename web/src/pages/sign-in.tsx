// SKELETON (lead): a helper builds this page this session.
export function SignInPage() {
  return <h1>Sign in</h1>;
}
