import type { ComponentChildren } from 'preact';

/**
 * The two messages every page shows the same way: what went wrong (read out at once: role=alert) and what just
 * happened (read out politely: role=status). Nothing is rendered while there is nothing to say.
 */
export function ErrorMessage({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="error-message" role="alert">
      {message}
    </p>
  ) : null;
}

export function StatusMessage({ message, class: className = 'notice' }: { message: ComponentChildren; class?: string }) {
  return message ? (
    <p class={className} role="status">
      {message}
    </p>
  ) : null;
}
