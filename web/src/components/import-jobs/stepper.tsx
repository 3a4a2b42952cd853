export const STEPS = ['Name and kind', 'Sample file', 'Mapping', 'Schedule', 'Notifications', 'Review'] as const;

/** The set-up steps as an ordered list; the current one is `aria-current="step"`, so screen readers announce it. */
export function Stepper({ current }: { current: number }) {
  return (
    <ol class="stepper" aria-label="Set-up steps">
      {STEPS.map((title, index) => (
        <li key={title} class={index < current ? 'done' : ''} aria-current={index === current ? 'step' : undefined}>
          <span class="number" aria-hidden="true">
            {index < current ? '✓' : index + 1}
          </span>
          <span>
            <span class="visually-hidden">
              Step {index + 1} of {STEPS.length}
              {index < current ? ', done' : ''}:{' '}
            </span>
            {title}
          </span>
        </li>
      ))}
    </ol>
  );
}
