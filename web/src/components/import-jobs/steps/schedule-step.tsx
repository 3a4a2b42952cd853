import { useMemo } from 'preact/hooks';
import { errorFor } from '../model';
import { describeSchedule, formatInZone, nextRunTimes, timeZones } from '../schedule';
import { scheduleOf, type HelperKind, type ScheduleDraft } from '../setup-state';
import { FieldError, Hint, invalidProps, type StepProps } from './field';

const WEEKDAYS = [
  ['MON', 'Monday'],
  ['TUE', 'Tuesday'],
  ['WED', 'Wednesday'],
  ['THU', 'Thursday'],
  ['FRI', 'Friday'],
  ['SAT', 'Saturday'],
  ['SUN', 'Sunday'],
] as const;

const HELPERS: ReadonlyArray<[HelperKind, string]> = [
  ['minutes', 'Every few minutes'],
  ['hours', 'Every few hours'],
  ['days', 'Every day or every few days, at a time'],
  ['weekdays', 'On days of the week, at a time'],
  ['cron', 'A cron expression'],
];

/**
 * Step 4: once at a time, or recurring built with helpers ("every N minutes", "every N days at HH:MM", days of the
 * week) or written as a cron expression, in an IANA time zone; the next 5 run times in that zone follow every change.
 */
export function ScheduleStep({ state, update, errors }: StepProps) {
  const draft = state.schedule;
  const set = (patch: Partial<ScheduleDraft>) => update({ schedule: { ...draft, ...patch } });
  const zones = useMemo(timeZones, []);
  const schedule = scheduleOf(draft);
  const upcoming = useMemo(() => nextRunTimes(schedule, 5), [JSON.stringify(schedule)]);
  const expressionError = errorFor(errors, 'schedule.expression', 'schedule.type', 'schedule');
  const atError = errorFor(errors, 'schedule.at');
  const zoneError = errorFor(errors, 'schedule.timezone');
  const number = (value: string, fallback: number) => (Number.isFinite(Number(value)) && value !== '' ? Number(value) : fallback);

  return (
    <>
      <fieldset>
        <legend>How often</legend>
        <label class="choice">
          <input type="radio" name="schedule-type" checked={draft.type === 'once'} onChange={() => set({ type: 'once' })} /> Once, at a date and time
        </label>
        <label class="choice">
          <input type="radio" name="schedule-type" checked={draft.type === 'recurring'} onChange={() => set({ type: 'recurring' })} /> Again and again
        </label>
      </fieldset>

      {draft.type === 'once' ? (
        <>
          <label for="run-at">Run at</label>
          <input id="run-at" type="datetime-local" value={draft.at} onInput={(e) => set({ at: e.currentTarget.value })} {...invalidProps('run-at', atError)} />
          <FieldError id="run-at-error" message={atError} />
        </>
      ) : (
        <>
          <label for="repeat">Repeat</label>
          <select id="repeat" value={draft.helper} onChange={(e) => set({ helper: e.currentTarget.value as HelperKind })}>
            {HELPERS.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
          <div class="inline-fields">
            {(draft.helper === 'minutes' || draft.helper === 'hours' || draft.helper === 'days') && (
              <div>
                <label for="every">Every how many {draft.helper}</label>
                <input id="every" type="number" min={1} max={draft.helper === 'minutes' ? 59 : draft.helper === 'hours' ? 23 : 31} value={draft.value} onInput={(e) => set({ value: number(e.currentTarget.value, 1) })} />
              </div>
            )}
            {draft.helper === 'hours' && (
              <div>
                <label for="minute">At minute</label>
                <input id="minute" type="number" min={0} max={59} value={draft.minute} onInput={(e) => set({ minute: number(e.currentTarget.value, 0) })} />
              </div>
            )}
            {(draft.helper === 'days' || draft.helper === 'weekdays') && (
              <div>
                <label for="time-of-day">At</label>
                <input id="time-of-day" type="time" value={draft.time} onInput={(e) => set({ time: e.currentTarget.value || '00:00' })} />
              </div>
            )}
          </div>
          {draft.helper === 'weekdays' && (
            <fieldset>
              <legend>On</legend>
              {WEEKDAYS.map(([code, words]) => (
                <label key={code} class="choice">
                  <input
                    type="checkbox"
                    checked={draft.days.includes(code)}
                    onChange={(e) => set({ days: e.currentTarget.checked ? [...draft.days, code] : draft.days.filter((d) => d !== code) })}
                  />{' '}
                  {words}
                </label>
              ))}
            </fieldset>
          )}
          {draft.helper === 'cron' ? (
            <>
              <label for="cron">Cron expression</label>
              <input id="cron" type="text" value={draft.cron} onInput={(e) => set({ cron: e.currentTarget.value })} {...invalidProps('cron', expressionError, 'cron-hint')} />
              <Hint id="cron-hint">
                EventBridge's six fields: <code>cron(minutes hours day-of-month month day-of-week year)</code>, e.g. <code>cron(0 6 ? * MON-FRI *)</code>.
              </Hint>
              <FieldError id="cron-error" message={expressionError} />
            </>
          ) : (
            <>
              <p class="muted small">
                Expression: <code>{schedule.type === 'recurring' ? schedule.expression : ''}</code>
              </p>
              <FieldError id="expression-error" message={expressionError} />
            </>
          )}
        </>
      )}

      <label for="timezone">Time zone</label>
      <select id="timezone" value={draft.timezone} onChange={(e) => set({ timezone: e.currentTarget.value })} {...invalidProps('timezone', zoneError)}>
        {!zones.includes(draft.timezone) && <option value={draft.timezone}>{draft.timezone}</option>}
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
      <FieldError id="timezone-error" message={zoneError} />

      <section aria-live="polite" aria-labelledby="next-runs-title">
        <h3 id="next-runs-title">{describeSchedule(schedule)}</h3>
        {upcoming.length === 0 ? (
          <p class="muted">{draft.type === 'once' ? 'That time has passed: pick one to come.' : 'No run times: check the expression.'}</p>
        ) : (
          <>
            <p class="small">
              {upcoming.length === 1 ? 'It runs at' : `The next ${upcoming.length} runs`} ({draft.timezone}
              {schedule.type === 'recurring' && schedule.expression.startsWith('rate(') ? ', counted from when you activate it' : ''}):
            </p>
            <ol class="next-runs">
              {upcoming.map((time) => (
                <li key={time.toISOString()}>
                  <time dateTime={time.toISOString()}>{formatInZone(time, draft.timezone)}</time>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </>
  );
}
