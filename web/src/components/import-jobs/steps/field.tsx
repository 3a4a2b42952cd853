import type { ComponentChildren } from 'preact';
import type { SetupState } from '../setup-state';

export interface StepProps {
  readonly state: SetupState;
  readonly update: (patch: Partial<SetupState>) => void;
  /** The service's VALIDATION_ERROR details (field path → message), shown beside the fields they concern. */
  readonly errors: Readonly<Record<string, string>>;
}

/** The message under a field, which the field names as its description (`aria-describedby`). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id}>
      {message}
    </p>
  );
}

/** Accessibility attributes of a field that may carry an error message. */
export function invalidProps(id: string, message: string | undefined, hintId?: string) {
  const describedBy = [message ? `${id}-error` : undefined, hintId].filter(Boolean).join(' ');
  return { 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy || undefined };
}

export function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="muted hint" id={id}>
      {children}
    </p>
  );
}
