import { describeSchedule, formatInZone, nextRunTimes } from './schedule';
import {
  DELIMITER_WORDS,
  ENCODING_WORDS,
  NOTIFICATION_EVENT_WORDS,
  ROW_DELIMITER_WORDS,
  fieldsOf,
  kindInWords,
  type ImportJob,
} from './model';

/** An import job's settings as a description list: what it imports, from where, how, when, and who hears of it. */
export function ImportJobSettings({ job, mappingName }: { job: ImportJob; mappingName?: string }) {
  const zone = job.schedule.timezone ?? 'UTC';
  const upcoming = job.status === 'active' ? nextRunTimes(job.schedule, 5, new Date(), new Date(job.updatedAt)) : [];
  const required = new Set(fieldsOf(job.kind).required);
  const mapping = Object.entries(job.columnMapping ?? {});
  return (
    <dl class="settings">
      <dt>Kind</dt>
      <dd>{kindInWords(job.kind)}</dd>
      <dt>Namespace</dt>
      <dd>{job.namespace}</dd>
      <dt>Drop location</dt>
      <dd>
        <code class="wrap">
          s3://{job.source.bucket}/{job.source.prefix}
        </code>
      </dd>
      <dt>File name pattern</dt>
      <dd>
        <code>{job.source.filenamePattern}</code>
        {job.source.maxFileAgeHours !== null && <span class="muted"> (files up to {job.source.maxFileAgeHours} h old)</span>}
      </dd>
      <dt>File format</dt>
      <dd>
        {ENCODING_WORDS[job.format.encoding] ?? job.format.encoding}; columns:{' '}
        {job.format.columnDelimiter === null ? 'detected' : DELIMITER_WORDS[job.format.columnDelimiter] ?? job.format.columnDelimiter}; rows:{' '}
        {ROW_DELIMITER_WORDS[job.format.rowDelimiter] ?? job.format.rowDelimiter}
      </dd>
      <dt>Mapping</dt>
      <dd>
        {job.mappingId && <div>Saved mapping {mappingName ? <strong>{mappingName}</strong> : <code>{job.mappingId}</code>}</div>}
        {mapping.length > 0 ? (
          <ul class="mapping-list">
            {mapping.map(([column, field]) => (
              <li key={column}>
                <span class="column-name">{column}</span> → <code>{field}</code>
                {required.has(field) && <span class="muted"> (required)</span>}
              </li>
            ))}
          </ul>
        ) : (
          !job.mappingId && <span class="muted">Columns are read by their names</span>
        )}
      </dd>
      <dt>Schedule</dt>
      <dd>
        {describeSchedule(job.schedule)}
        {job.schedule.type === 'recurring' && <div class="muted small">{job.schedule.expression}</div>}
        {upcoming.length > 0 && (
          <>
            <div class="small">Next runs ({zone}):</div>
            <ol class="next-runs">
              {upcoming.map((time) => (
                <li key={time.toISOString()}>
                  <time dateTime={time.toISOString()}>{formatInZone(time, zone)}</time>
                </li>
              ))}
            </ol>
          </>
        )}
      </dd>
      <dt>Notifications</dt>
      <dd>
        {job.notifications.emails.length > 0 ? job.notifications.emails.join(', ') : <span class="muted">The organization's default recipients</span>}
        <div class="small muted">
          {job.notifications.events.length === 0
            ? 'The default alerts (no event picked)'
            : job.notifications.events.map((event) => NOTIFICATION_EVENT_WORDS[event]).join('; ')}
        </div>
      </dd>
    </dl>
  );
}
