import { errorFor, fieldsOf, type SavedMapping } from '../model';
import { FieldError, Hint, type StepProps } from './field';
import { DataTable, type Column } from '../../data-table';

const MAPPING_COLUMNS: readonly Column[] = [
  'Column in the file',
  'Example',
  'Field',
];

export interface MappingStepProps extends StepProps {
  readonly savedMappings: readonly SavedMapping[];
  readonly localError?: string;
}

const TARGETS_OF_KIND: Record<string, readonly string[]> = {
  transaction_batch: ['transaction'],
  entity_automatic: ['entity_person', 'entity_company', 'entity_mixed'],
  user_event_batch: ['user_event'],
};

/** The required fields no column fills yet. */
export function missingRequired(kind: StepProps['state']['kind'], mapping: Readonly<Record<string, string>>): string[] {
  const filled = new Set(Object.values(mapping));
  return fieldsOf(kind).required.filter((field) => !filled.has(field));
}

/**
 * Step 3: each column of the sample to a field of the kind (a select a column), starting from the sample's
 * suggestion; the required fields are flagged and listed with what fills them; a saved mapping can be picked to
 * fill the selects.
 */
export function MappingStep({ state, update, errors, savedMappings, localError }: MappingStepProps) {
  const { required, optional } = fieldsOf(state.kind);
  const columns = state.sample?.headers ?? Object.keys(state.mapping);
  const examples = state.sample?.rows[0] ?? [];
  const missing = missingRequired(state.kind, state.mapping);
  const usable = savedMappings.filter((m) => TARGETS_OF_KIND[state.kind]?.includes(m.target));
  const serviceError = errorFor(errors, 'columnMapping', 'mappingId');
  const setColumn = (column: string, target: string) => update({ mapping: { ...state.mapping, [column]: target } });

  if (columns.length === 0) {
    return <p>Upload a sample file in the previous step: its columns are what you map here.</p>;
  }
  return (
    <>
      {usable.length > 0 && (
        <>
          <label for="saved-mapping">Start from a saved mapping</label>
          <select
            id="saved-mapping"
            value=""
            aria-describedby="saved-mapping-hint"
            onChange={(e) => {
              const picked = usable.find((m) => m.id === e.currentTarget.value);
              if (!picked) return;
              const next = { ...state.mapping };
              for (const column of columns) if (picked.columnMapping[column]) next[column] = picked.columnMapping[column] as string;
              update({ mapping: next });
            }}
          >
            <option value="">Pick one…</option>
            {usable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          <Hint id="saved-mapping-hint">Its columns fill the selects below; change any of them after.</Hint>
        </>
      )}

      <p id="required-fields-title">
        Required fields <span aria-hidden="true">(*)</span>:
      </p>
      <ul class="required-fields" aria-labelledby="required-fields-title">
        {required.map((field) => {
          const from = Object.entries(state.mapping).find(([, target]) => target === field)?.[0];
          return (
            <li key={field} class={from ? 'ok' : 'bad'}>
              <span aria-hidden="true">{from ? '✓' : '✕'}</span> <code>{field}</code> {from ? `from "${from}"` : 'not mapped'}
            </li>
          );
        })}
      </ul>

      <DataTable class="mapping-table" columns={MAPPING_COLUMNS} caption="Column to field">
        {columns.map((column, index) => {
          const id = `map-${index}`;
          const value = state.mapping[column] ?? `attributes.${column.trim()}`;
          return (
            <tr key={column}>
              <th scope="row">
                <label for={id} class="column-name">
                  {column}
                </label>
              </th>
              <td class="muted">{examples[index] ?? ''}</td>
              <td>
                <select id={id} value={value} onChange={(e) => setColumn(column, e.currentTarget.value)}>
                  <optgroup label="Required">
                    {required.map((field) => (
                      <option key={field} value={field}>
                        {field} *
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Optional">
                    {optional.map((field) => (
                      <option key={field} value={field}>
                        {field}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Other">
                    <option value={`attributes.${column.trim()}`}>Keep as an attribute ({column.trim()})</option>
                    {![...required, ...optional, `attributes.${column.trim()}`].includes(value) && <option value={value}>{value}</option>}
                  </optgroup>
                </select>
              </td>
            </tr>
          );
        })}
      </DataTable>
      {missing.length > 0 && <p class="muted">Not mapped yet: {missing.join(', ')}.</p>}
      <FieldError id="mapping-error" message={localError ?? serviceError} />
      {state.sample && state.sample.problems.length > 0 && state.sampledMapping && (
        <section aria-live="polite" aria-labelledby="mapping-problems">
          <h3 id="mapping-problems">Rows of the sample that would fail with this mapping</h3>
          <p class="muted">A run imports the other rows and reports these as failed rows. Fix the mapping, or choose Next to go on.</p>
          <ul class="problems">
            {state.sample.problems.map((problem, i) => (
              <li key={i}>
                Row {problem.rowNumber}: {problem.message} <span class="muted">({problem.code})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
