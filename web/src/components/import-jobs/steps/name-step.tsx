import { KINDS, errorFor, type JobKind } from '../model';
import { FieldError, Hint, invalidProps, type StepProps } from './field';

/** Step 1: what the job is called, what it imports, and which dropped files it picks. */
export function NameStep({ state, update, errors, kindLocked }: StepProps & { kindLocked: boolean }) {
  const nameError = errorFor(errors, 'name');
  const namespaceError = errorFor(errors, 'namespace');
  const patternError = errorFor(errors, 'source.filenamePattern', 'source');
  const ageError = errorFor(errors, 'source.maxFileAgeHours');
  return (
    <>
      <label for="job-name">Job name</label>
      <input id="job-name" type="text" value={state.name} maxLength={100} required onInput={(e) => update({ name: e.currentTarget.value })} {...invalidProps('job-name', nameError)} />
      <FieldError id="job-name-error" message={nameError} />

      <label for="job-kind">What the files hold</label>
      <select
        id="job-kind"
        value={state.kind}
        disabled={kindLocked}
        onChange={(e) => update({ kind: e.currentTarget.value as JobKind, mapping: {}, sampledMapping: null })}
        aria-describedby={kindLocked ? 'job-kind-hint' : undefined}
      >
        {KINDS.map(({ kind, words }) => (
          <option key={kind} value={kind}>
            {words}
          </option>
        ))}
      </select>
      {kindLocked && <Hint id="job-kind-hint">The kind is fixed once the job exists: to import another kind, set up a new job.</Hint>}

      <div class="field-row">
        <div>
          <label for="file-pattern">File name pattern</label>
          <input
            id="file-pattern"
            type="text"
            value={state.filenamePattern}
            onInput={(e) => update({ filenamePattern: e.currentTarget.value })}
            {...invalidProps('file-pattern', patternError, 'file-pattern-hint')}
          />
          <Hint id="file-pattern-hint">
            Which files in the drop location a run picks, e.g. <code>orders-*.csv</code>. Each file is imported once.
          </Hint>
          <FieldError id="file-pattern-error" message={patternError} />
        </div>
        <div>
          <label for="max-age">Ignore files older than (hours)</label>
          <input
            id="max-age"
            type="number"
            min={1}
            max={8760}
            value={state.maxFileAgeHours}
            onInput={(e) => update({ maxFileAgeHours: e.currentTarget.value })}
            {...invalidProps('max-age', ageError, 'max-age-hint')}
          />
          <Hint id="max-age-hint">Leave empty to take files of any age.</Hint>
          <FieldError id="max-age-error" message={ageError} />
        </div>
      </div>

      <label for="namespace">Namespace</label>
      <input id="namespace" type="text" value={state.namespace} onInput={(e) => update({ namespace: e.currentTarget.value })} {...invalidProps('namespace', namespaceError, 'namespace-hint')} />
      <Hint id="namespace-hint">The quota its rows count against; keep "default" unless you were given another.</Hint>
      <FieldError id="namespace-error" message={namespaceError} />
    </>
  );
}
