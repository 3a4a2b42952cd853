import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession } from '../session';
import { afterSignIn } from '../sign-in-target';
import './sign-in.css';

/**
 * Sign-in: an API key for a session cookie. The field is read once, on submit, and cleared as soon as the service
 * answered: the key is kept in no state, no storage and no cookie of the page (the cookie the service sets is
 * HttpOnly and holds no key).
 */
export function SignInPage() {
  const { session, signIn } = useSession();
  const { query, route } = useLocation();
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const next = afterSignIn(query.next);

  // Signed in already (or just now): on to where the user was going.
  useEffect(() => {
    if (session) route(next, true);
  }, [session, next]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const field = form.current?.elements.namedItem('apiKey') as HTMLInputElement | null;
    const apiKey = field?.value.trim() ?? '';
    if (!apiKey) {
      setError('Enter an API key.');
      field?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await signIn(apiKey);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      field?.focus();
    } finally {
      if (field) field.value = '';
      setBusy(false);
    }
  };

  return (
    <section class="sign-in panel" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p class="muted">Use an API key of your organisation. It is exchanged for a session of 8 hours and not kept in this browser.</p>
      <form ref={form} onSubmit={submit} noValidate>
        <label for="api-key">API key</label>
        <input id="api-key" name="apiKey" type="password" autoComplete="off" spellcheck={false} required aria-describedby={error ? 'sign-in-error' : undefined} />
        {error && (
          <p id="sign-in-error" class="error-message" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            Sign in
          </button>
        </div>
      </form>
    </section>
  );
}
