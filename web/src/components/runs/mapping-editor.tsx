import { useState } from 'preact/hooks';
import { api, ApiError, expectData } from '../../api';
import { FIELDS_BY_TARGET, MAPPING_TARGETS, targetInWords, type Mapping, type MappingTarget } from './mapping-words';

interface Pair {
  readonly left: string;
  readonly right: string;
}

/** The form's fields a service error can be about. */
type FieldName = 'name' | 'target' | 'columnMapping' | 'defaultFields' | 'form';
type FieldErrors = Partial<Record<FieldName, string>>;

const pairsOf = (record: Readonly<Record<string, string>> | undefined): Pair[] =>
  Object.entries(record ?? {}).map(([left, right]) => ({ left, right }));

const recordOf = (pairs: readonly Pair[]): Record<string, string> =>
  Object.fromEntries(pairs.filter((pair) => pair.left.trim() !== '' || pair.right.trim() !== '').map((pair) => [pair.left.trim(), pair.right.trim()]));

/**
 * Puts the service's answer next to the field it is about: VALIDATION_ERROR details are zod's field errors by
 * name; INVALID_MAPPING names unknown fields of the columns or of the defaults, and the fields there are.
 */
export function fieldErrorsOf(error: ApiError): FieldErrors {
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (error.code === 'VALIDATION_ERROR') {
    const errors: FieldErrors = {};
    for (const name of ['name', 'target', 'columnMapping', 'defaultFields'] as const) {
      const messages = details[name];
      if (Array.isArray(messages) && messages.length > 0) errors[name] = messages.join('; ');
    }
    const general = details._;
    if (Array.isArray(general) && general.length > 0) errors.form = general.join('; ');
    return Object.keys(errors).length > 0 ? errors : { form: error.message };
  }
  if (error.code === 'INVALID_MAPPING') {
    const known = Array.isArray(details.fields) ? ` Fields: ${(details.fields as string[]).join(', ')}, or attributes.<name>.` : '';
    if (Array.isArray(details.unknownTargets)) {
      const named = (details.unknownTargets as Array<{ column: string; target: string }>).map((item) => `${item.column} → ${item.target}`);
      return { columnMapping: `${error.message}: ${named.join(', ')}.${known}` };
    }
    if (Array.isArray(details.unknownFields)) {
      return { defaultFields: `${error.message}: ${(details.unknownFields as string[]).join(', ')}.${known}` };
    }
    return /default/i.test(error.message) ? { defaultFields: error.message } : { columnMapping: error.message };
  }
  if (error.code === 'CONFLICT') return { name: error.message };
  return { form: error.message };
}

function PairRows(props: {
  id: string;
  pairs: Pair[];
  leftLabel: string;
  rightLabel: string;
  suggestions: string;
  suggestOn: 'left' | 'right';
  addWords: string;
  onChange: (pairs: Pair[]) => void;
  describedBy?: string;
}) {
  const { id, pairs, onChange } = props;
  const update = (index: number, side: 'left' | 'right', value: string) =>
    onChange(pairs.map((pair, i) => (i === index ? { ...pair, [side]: value } : pair)));
  return (
    <div class="runs-rows" role="group" aria-labelledby={`${id}-legend`} aria-describedby={props.describedBy}>
      {pairs.map((pair, index) => (
        <div class="runs-row" key={index}>
          <div>
            <label for={`${id}-left-${index}`}>{props.leftLabel}</label>
            <input
              id={`${id}-left-${index}`}
              value={pair.left}
              list={props.suggestOn === 'left' ? props.suggestions : undefined}
              onInput={(event) => update(index, 'left', event.currentTarget.value)}
            />
          </div>
          <div>
            <label for={`${id}-right-${index}`}>{props.rightLabel}</label>
            <input
              id={`${id}-right-${index}`}
              value={pair.right}
              list={props.suggestOn === 'right' ? props.suggestions : undefined}
              onInput={(event) => update(index, 'right', event.currentTarget.value)}
            />
          </div>
          <button
            type="button"
            class="secondary"
            aria-label={`Remove row ${index + 1} (${pair.left || 'empty'})`}
            onClick={() => onChange(pairs.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" class="secondary" onClick={() => onChange([...pairs, { left: '', right: '' }])}>
          {props.addWords}
        </button>
      </div>
    </div>
  );
}

/** Creates a mapping, or edits one: name, target, column → field pairs and field defaults. */
export function MappingEditor({ mapping, onSaved, onCancel }: { mapping?: Mapping; onSaved: (mapping: Mapping) => void; onCancel: () => void }) {
  const [name, setName] = useState(mapping?.name ?? '');
  const [target, setTarget] = useState<MappingTarget>(mapping?.target ?? 'transaction');
  const [columns, setColumns] = useState<Pair[]>(mapping ? pairsOf(mapping.columnMapping) : [{ left: '', right: '' }]);
  const [defaults, setDefaults] = useState<Pair[]>(pairsOf(mapping?.defaultFields));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const fieldsList = `mapping-fields-${target}`;

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const body = { name, target, columnMapping: recordOf(columns), defaultFields: recordOf(defaults) };
    try {
      const answer = mapping
        ? await expectData(api.PATCH('/batch-import/mappings/{mappingId}', { params: { path: { mappingId: mapping.id } }, body }))
        : await expectData(api.POST('/batch-import/mappings', { body }));
      onSaved(answer.mapping);
    } catch (caught) {
      setErrors(caught instanceof ApiError ? fieldErrorsOf(caught) : { form: 'The service could not be reached.' });
    } finally {
      setBusy(false);
    }
  };

  const errorId = (field: FieldName) => (errors[field] ? `mapping-${field}-error` : undefined);
  const FieldError = ({ field }: { field: FieldName }) =>
    errors[field] ? (
      <p id={`mapping-${field}-error`} class="runs-field-error" role="alert">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form class="panel runs-form" onSubmit={save} aria-label={mapping ? `Edit mapping ${mapping.name}` : 'New mapping'}>
      <h2>{mapping ? `Edit “${mapping.name}”` : 'New mapping'}</h2>
      <datalist id={fieldsList}>
        {FIELDS_BY_TARGET[target].map((field) => (
          <option value={field} key={field} />
        ))}
      </datalist>

      <label for="mapping-name">Name</label>
      <input id="mapping-name" value={name} aria-invalid={!!errors.name} aria-describedby={errorId('name')} onInput={(event) => setName(event.currentTarget.value)} />
      <FieldError field="name" />

      <label for="mapping-target">For files of</label>
      <select
        id="mapping-target"
        value={target}
        aria-invalid={!!errors.target}
        aria-describedby={errorId('target')}
        onChange={(event) => setTarget(event.currentTarget.value as MappingTarget)}
      >
        {MAPPING_TARGETS.map((value) => (
          <option value={value} key={value}>
            {targetInWords(value)}
          </option>
        ))}
      </select>
      <FieldError field="target" />

      <h3 id="mapping-columns-legend">Columns</h3>
      <p class="runs-hint">Each column of the file and the field it fills. Columns not listed keep their name.</p>
      <PairRows
        id="mapping-columns"
        pairs={columns}
        leftLabel="Column in the file"
        rightLabel="Field"
        suggestions={fieldsList}
        suggestOn="right"
        addWords="Add a column"
        onChange={setColumns}
        describedBy={errorId('columnMapping')}
      />
      <FieldError field="columnMapping" />

      <h3 id="mapping-defaults-legend">Default values</h3>
      <p class="runs-hint">A value a field gets when a row leaves it empty (optional).</p>
      <PairRows
        id="mapping-defaults"
        pairs={defaults}
        leftLabel="Field"
        rightLabel="Default value"
        suggestions={fieldsList}
        suggestOn="left"
        addWords="Add a default"
        onChange={setDefaults}
        describedBy={errorId('defaultFields')}
      />
      <FieldError field="defaultFields" />

      <FieldError field="form" />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {mapping ? 'Save changes' : 'Create mapping'}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
