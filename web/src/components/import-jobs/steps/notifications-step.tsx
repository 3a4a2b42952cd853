import { NOTIFICATION_EVENT_WORDS, type NotificationEvent } from '../model';
import { emailList } from '../setup-state';
import { FieldError, Hint, invalidProps, type StepProps } from './field';

/**
 * Step 5: who is emailed, and about what. No address: the organization's default recipients; no event picked: the
 * service's default alerts.
 */
export function NotificationsStep({ state, update, errors }: StepProps) {
  const addresses = emailList(state.emails);
  // `notifications.emails.2` names the third address: say which one, as typed.
  const emailErrors = Object.entries(errors)
    .filter(([key]) => key === 'notifications.emails' || key.startsWith('notifications.emails.'))
    .map(([key, message]) => {
      const index = Number(key.split('.')[2]);
      return Number.isInteger(index) && addresses[index] ? `${addresses[index]}: ${message}` : message;
    });
  const eventsError = errors['notifications.events'];
  const emailError = emailErrors.length > 0 ? emailErrors.join('; ') : undefined;
  const toggle = (event: NotificationEvent, on: boolean) =>
    update({ events: on ? [...state.events, event] : state.events.filter((e) => e !== event) });
  return (
    <>
      <label for="emails">Email addresses</label>
      <textarea id="emails" rows={3} value={state.emails} onInput={(e) => update({ emails: e.currentTarget.value })} {...invalidProps('emails', emailError, 'emails-hint')} />
      <Hint id="emails-hint">One a line, at most 10. Leave empty to email your organization's default recipients.</Hint>
      <FieldError id="emails-error" message={emailError} />
      <fieldset aria-describedby="events-hint">
        <legend>Email about</legend>
        <Hint id="events-hint">Pick none to get the default alerts.</Hint>
        {(Object.keys(NOTIFICATION_EVENT_WORDS) as NotificationEvent[]).map((event) => (
          <label key={event} class="choice">
            <input type="checkbox" checked={state.events.includes(event)} onChange={(e) => toggle(event, e.currentTarget.checked)} /> {NOTIFICATION_EVENT_WORDS[event]}
          </label>
        ))}
        <FieldError id="events-error" message={eventsError} />
      </fieldset>
    </>
  );
}
