import { useState } from 'preact/hooks';
import { statusInWords } from '../format';
import { SelectField } from '../select-field';
import { JOB_KINDS, JOB_STATUSES, kindInWords, RUN_STATUSES, type JobKind, type JobStatus, type RunStatus } from './job-words';

/** The §6 history filters, as they stand in the page's address (so a filtered list can be shared and reloaded). */
export const FILTER_NAMES = ['kind', 'status', 'runStatus', 'namespace', 'importJobId', 'createdFrom', 'createdTo'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export interface Filters {
  kind?: JobKind;
  status?: JobStatus;
  runStatus?: RunStatus;
  namespace?: string;
  importJobId?: string;
  createdFrom?: string;
  createdTo?: string;
}

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

/** The filters an address holds; a value the service would refuse (an unknown kind, say) is left out. */
export function filtersFrom(query: Readonly<Record<string, string | undefined>>): Filters {
  const text = (name: FilterName) => query[name]?.trim() || undefined;
  const filters: Filters = {
    kind: oneOf(JOB_KINDS, text('kind')),
    status: oneOf(JOB_STATUSES, text('status')),
    runStatus: oneOf(RUN_STATUSES, text('runStatus')),
    namespace: text('namespace'),
    importJobId: text('importJobId'),
    createdFrom: text('createdFrom'),
    createdTo: text('createdTo'),
  };
  for (const name of FILTER_NAMES) if (filters[name] === undefined) delete filters[name];
  return filters;
}

export function JobFilters({ filters, onApply }: { filters: Filters; onApply: (filters: Filters) => void }) {
  // The form keeps its own draft; the list changes only when the person applies it.
  const [draft, setDraft] = useState<Record<string, string | undefined>>({ ...filters });
  const set = (name: FilterName) => (value: string) => setDraft({ ...draft, [name]: value });
  const setFromInput = (name: FilterName) => (event: Event) => set(name)((event.currentTarget as HTMLInputElement).value);
  const active = Object.keys(filters).length > 0;

  return (
    <details class="panel runs-filters" open={active || wideScreen()}>
      <summary>{active ? `Filters (${Object.keys(filters).length} applied)` : 'Filters'}</summary>
    <form
      aria-label="Filter batch jobs"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(filtersFrom(draft));
      }}
    >
      <div class="runs-filter-grid">
        <SelectField
          id="filter-kind"
          label="Kind"
          value={draft.kind ?? ''}
          choices={JOB_KINDS.map((kind) => [kind, kindInWords(kind)])}
          emptyChoice="Any kind"
          onChange={set('kind')}
        />
        <SelectField
          id="filter-status"
          label="Status"
          value={draft.status ?? ''}
          choices={JOB_STATUSES.map((status) => [status, statusInWords(status)])}
          emptyChoice="Any status"
          onChange={set('status')}
        />
        <SelectField
          id="filter-run-status"
          label="Run status"
          value={draft.runStatus ?? ''}
          choices={RUN_STATUSES.map((status) => [status, statusInWords(status)])}
          emptyChoice="Any run status"
          onChange={set('runStatus')}
        />
        <div>
          <label for="filter-namespace">Namespace</label>
          <input id="filter-namespace" value={draft.namespace ?? ''} onInput={setFromInput('namespace')} placeholder="default" />
        </div>
        <div>
          <label for="filter-import-job">Import job id</label>
          <input id="filter-import-job" value={draft.importJobId ?? ''} onInput={setFromInput('importJobId')} />
        </div>
        <div>
          <label for="filter-from">Created from</label>
          <input id="filter-from" type="date" value={draft.createdFrom ?? ''} onInput={setFromInput('createdFrom')} />
        </div>
        <div>
          <label for="filter-to">Created to</label>
          <input id="filter-to" type="date" value={draft.createdTo ?? ''} onInput={setFromInput('createdTo')} />
        </div>
      </div>
      <p class="runs-hint">Dates are whole days in UTC.</p>
      <div class="actions">
        <button type="submit">Apply filters</button>
        {active && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft({});
              onApply({});
            }}
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
    </details>
  );
}

/** On a phone the filters start folded, so the list is what the page opens on. */
function wideScreen(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(min-width: 700px)').matches;
}
