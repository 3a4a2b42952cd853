import { statusInWords } from '../format';
import { statusTone, type JobStatus, type RunStatus } from './job-words';

/** A status in words with its colour; the word carries the meaning, the colour only helps. */
export function StatusBadge({ status, label }: { status: JobStatus | RunStatus; label?: string }) {
  return (
    <span class={`status ${statusTone(status)}`} title={label}>
      {label ? <span class="visually-hidden">{label}: </span> : null}
      {statusInWords(status)}
    </span>
  );
}
