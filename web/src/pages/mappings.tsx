import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, expectData } from '../api';
import { formatInstant } from '../components/format';
import { MappingEditor } from '../components/runs/mapping-editor';
import { targetInWords, type Mapping } from '../components/runs/mapping-words';
import '../components/runs/runs.css';
import { ErrorMessage, StatusMessage } from '../components/messages';

type Editing = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; mapping: Mapping };

/** `/mappings`: the org's saved column mappings; create, edit and delete them. */
export function MappingsPage() {
  const [mappings, setMappings] = useState<Mapping[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<Editing>({ mode: 'none' });
  const [confirmingDelete, setConfirmingDelete] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const load = () =>
    expectData(api.GET('/batch-import/mappings', { params: { query: { sort: 'name' } } }))
      .then((body) => {
        setMappings(body.mappings);
        setError(undefined);
      })
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'The mappings could not be read.'));

  useEffect(() => {
    document.title = 'Mappings · Batch import';
    void load();
  }, []);

  const remove = async (mapping: Mapping) => {
    setError(undefined);
    try {
      await expectData(api.DELETE('/batch-import/mappings/{mappingId}', { params: { path: { mappingId: mapping.id } } }));
      setNotice(`Deleted “${mapping.name}”.`);
      setConfirmingDelete(undefined);
      if (editing.mode === 'edit' && editing.mapping.id === mapping.id) setEditing({ mode: 'none' });
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The mapping could not be deleted.');
    }
  };

  const saved = async (mapping: Mapping, created: boolean) => {
    setEditing({ mode: 'none' });
    setNotice(created ? `Created “${mapping.name}”.` : `Saved “${mapping.name}”.`);
    await load();
  };

  return (
    <section>
      <div class="runs-heading">
        <h1>Mappings</h1>
        {editing.mode === 'none' && (
          <button type="button" onClick={() => setEditing({ mode: 'new' })}>
            New mapping
          </button>
        )}
      </div>
      <p class="muted">
        A saved mapping renames a file's columns onto the service's fields, so files from the same source can be uploaded
        again and again. Pick one on the Upload page.
      </p>
      <StatusMessage message={notice} class="panel runs-notice" />
      <ErrorMessage message={error} />
      {editing.mode !== 'none' && (
        <MappingEditor
          key={editing.mode === 'edit' ? editing.mapping.id : 'new'}
          mapping={editing.mode === 'edit' ? editing.mapping : undefined}
          onSaved={(mapping) => void saved(mapping, editing.mode === 'new')}
          onCancel={() => setEditing({ mode: 'none' })}
        />
      )}
      {!mappings && !error && <p class="muted">Loading…</p>}
      {mappings && mappings.length === 0 && editing.mode === 'none' && (
        <div class="panel runs-empty">
          <p>No saved mappings yet. Press “New mapping” to make one from your file's column names.</p>
        </div>
      )}
      {mappings && mappings.length > 0 && (
        <div class="panel">
          <ul class="runs-mapping-list" aria-label="Saved mappings">
            {mappings.map((mapping) => (
              <li key={mapping.id} aria-label={mapping.name}>
                <div class="runs-mapping-head">
                  <h3>{mapping.name}</h3>
                  <span class="muted">
                    {targetInWords(mapping.target)} · changed {formatInstant(mapping.updatedAt)}
                  </span>
                </div>
                <ul class="runs-pairs" aria-label={`Columns of ${mapping.name}`}>
                  {Object.entries(mapping.columnMapping).map(([column, field]) => (
                    <li key={column}>
                      {column} → {field}
                    </li>
                  ))}
                  {Object.entries(mapping.defaultFields).map(([field, value]) => (
                    <li key={`default-${field}`}>
                      {field} = “{value}” by default
                    </li>
                  ))}
                </ul>
                {confirmingDelete === mapping.id ? (
                  <div class="runs-confirm actions" role="alertdialog" aria-label={`Delete ${mapping.name}?`}>
                    <span>Delete “{mapping.name}”? Import jobs that use it will need another mapping.</span>
                    <button type="button" class="danger" onClick={() => remove(mapping)}>
                      Yes, delete
                    </button>
                    <button type="button" class="secondary" onClick={() => setConfirmingDelete(undefined)}>
                      Keep it
                    </button>
                  </div>
                ) : (
                  <div class="actions">
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Edit ${mapping.name}`}
                      onClick={() => {
                        setNotice(undefined);
                        setEditing({ mode: 'edit', mapping });
                      }}
                    >
                      Edit
                    </button>
                    <button type="button" class="secondary" aria-label={`Delete ${mapping.name}`} onClick={() => setConfirmingDelete(mapping.id)}>
                      Delete
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
