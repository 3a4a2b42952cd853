import { SelectField } from '../../select-field';
import { DELIMITER_WORDS, ENCODING_WORDS, ROW_DELIMITER_WORDS } from '../model';
import { FieldError, Hint, type StepProps } from './field';
import { DataTable } from '../../data-table';

export interface SampleStepProps extends StepProps {
  /** Sends the file with the format options to the sample route; the page keeps the answer in the state. */
  readonly onRead: (file: File, format: StepProps['state']['format']) => void;
  readonly busy: boolean;
  readonly readError?: string;
  /** False for a paused or halted job: the service reads samples only while a job is being set up. */
  readonly canSample: boolean;
}

const PREVIEW_ROWS = 10;

/**
 * Step 2, the reference's "Provide Sample File" page: upload a sample, see what was detected (encoding, column and
 * row delimiters), change any of it and read the sample again, a preview of the first rows, and the problems the
 * service found row by row.
 */
export function SampleStep({ state, update, onRead, busy, readError, canSample }: SampleStepProps) {
  const { sample, format, sampleFile } = state;
  if (!canSample) {
    return (
      <p>
        A sample is read while a job is being set up. This job keeps its columns and format; change its mapping in the next step, and put a
        corrected file in its drop location from the job's page.
      </p>
    );
  }
  const setFormat = (patch: Partial<typeof format>) => update({ format: { ...format, ...patch } });
  return (
    <>
      <label for="sample-file">Sample file</label>
      <Hint id="sample-file-hint">A file like the ones you will drop (CSV, JSON or NDJSON); a few hundred rows are enough.</Hint>
      <input
        id="sample-file"
        type="file"
        aria-describedby="sample-file-hint"
        disabled={busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (!file) return;
          // A new file is detected afresh: the options read from the previous one may not fit it.
          const detect = { encoding: '', columnDelimiter: '', rowDelimiter: 'auto' };
          update({ sampleFile: file, format: detect });
          onRead(file, detect);
        }}
      />
      {busy && (
        <p role="status" aria-busy="true">
          Reading the sample…
        </p>
      )}
      <FieldError id="sample-error" message={readError} />

      <fieldset>
        <legend>How the file is written</legend>
        <div class="inline-fields">
          <SelectField
            id="encoding"
            label="Character encoding"
            value={format.encoding}
            choices={Object.entries(ENCODING_WORDS)}
            emptyChoice="Detect"
            onChange={(encoding) => setFormat({ encoding })}
          />
          <SelectField
            id="column-delimiter"
            label="Column delimiter"
            value={format.columnDelimiter}
            choices={Object.entries(DELIMITER_WORDS)}
            emptyChoice="Detect"
            onChange={(columnDelimiter) => setFormat({ columnDelimiter })}
          />
          <SelectField
            id="row-delimiter"
            label="Row delimiter"
            value={format.rowDelimiter}
            choices={Object.entries(ROW_DELIMITER_WORDS)}
            onChange={(rowDelimiter) => setFormat({ rowDelimiter })}
          />
        </div>
        <div class="actions">
          <button type="button" class="secondary" disabled={!sampleFile || busy} onClick={() => sampleFile && onRead(sampleFile, format)}>
            Read the sample again with these options
          </button>
        </div>
      </fieldset>

      {sample && (
        <section aria-labelledby="sample-result" aria-live="polite">
          <h3 id="sample-result">What the sample holds</h3>
          <p>
            Detected: {sample.encoding ? ENCODING_WORDS[sample.encoding] : 'no encoding'},{' '}
            {sample.columnDelimiter ? `${DELIMITER_WORDS[sample.columnDelimiter] ?? sample.columnDelimiter} between columns` : 'no column delimiter (JSON)'},{' '}
            {sample.rowDelimiter ? `${ROW_DELIMITER_WORDS[sample.rowDelimiter] ?? sample.rowDelimiter} rows` : 'no row delimiter'}; {sample.headers.length} {sample.headers.length === 1 ? 'column' : 'columns'}.
          </p>
          {sample.failure?.code === 'MISSING_REQUIRED_COLUMNS' && (
            <p class="notice warn">
              <strong>Some required fields have no column yet.</strong> Map a column to each of them in the next step.
            </p>
          )}
          {sample.failure && sample.failure.code !== 'MISSING_REQUIRED_COLUMNS' && (
            <div class="error-message" role="alert">
              <strong>The sample cannot be imported as it is ({sample.failure.code}):</strong> {sample.failure.message}
            </div>
          )}
          {sample.headers.length > 0 && (
            <DataTable class="preview" columns={['Row', ...sample.headers]} caption="The first rows of the sample">
              {sample.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
                <tr key={r}>
                  <td class="muted">{r + 2}</td>
                  {sample.headers.map((_, c) => (
                    <td key={c}>{row[c] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </DataTable>
          )}
          <h3>Problems per row</h3>
          {sample.failure ? (
            <p class="muted">The rows are checked once the file can be read and each required field has a column.</p>
          ) : sample.problems.length === 0 ? (
            <p class="muted">No problems in the sample's rows with this mapping.</p>
          ) : (
            <ul class="problems">
              {sample.problems.map((problem, i) => (
                <li key={i}>
                  Row {problem.rowNumber}: {problem.message} <span class="muted">({problem.code})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
