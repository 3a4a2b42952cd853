import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError, expectData } from '../api';
import { dashboardPaths } from '../paths';
import { formatCount, formatPercent } from '../components/format';
import { ErrorMessage, StatusMessage } from '../components/messages';
import { useSession } from '../session';
import type { components } from '../../../client';
import '../components/runs/runs.css';

type Quota = components['schemas']['Quota'];
type Reading = { namespace: string; quota?: Quota; error?: string };

/** The namespaces the page shows without being asked: `default`, and those the org's recent jobs used. */
async function knownNamespaces(): Promise<string[]> {
  const names = new Set<string>(['default']);
  try {
    const body = await expectData(api.GET('/batch-import/jobs', { params: { query: { limit: 100 } } }));
    for (const job of body.jobs) names.add(job.namespace);
  } catch {
    // A key that cannot read jobs can still read quotas: the page then shows default and what is asked for.
  }
  return [...names];
}

/** A share of the limit; a sliver shows as "under 0.1%" rather than a misleading "0.0%". */
function shareInWords(used: number, limit: number): string {
  if (used > 0 && limit > 0 && used / limit < 0.001) return 'under 0.1%';
  return formatPercent(used, limit);
}

function monthInWords(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1));
}

/**
 * `/quota`: each namespace's imported rows this month (UTC) against its limit (§9). `?namespace=a,b` adds
 * namespaces to the ones found in the recent history, so a view can be shared.
 */
export function QuotaPage() {
  const { query, route } = useLocation();
  const asked = (query.namespace ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const [readings, setReadings] = useState<Reading[] | undefined>(undefined);
  const [lookup, setLookup] = useState('');
  // Setting a limit takes the scope of people who set up imports (§9); others see the numbers only.
  const canSetLimit = useSession().session?.scopes.includes('import-jobs:manage') ?? false;

  useEffect(() => {
    document.title = 'Quota · Batch import';
  }, []);

  useEffect(() => {
    let stopped = false;
    (async () => {
      const names = [...new Set([...(await knownNamespaces()), ...asked])];
      const answers = await Promise.all(
        names.map(async (namespace): Promise<Reading> => {
          try {
            return { namespace, quota: await expectData(api.GET('/batch-import/quota', { params: { query: { namespace } } })) };
          } catch (caught) {
            return { namespace, error: caught instanceof ApiError ? caught.message : 'Could not be read.' };
          }
        }),
      );
      if (!stopped) setReadings(answers);
    })();
    return () => {
      stopped = true;
    };
  }, [asked.join(',')]);

  return (
    <section>
      <h1>Quota</h1>
      <p class="muted">
        Rows imported this month in each namespace, against its monthly limit. Rows past the limit are not imported: they
        fail with <code>LIMIT_REACHED</code>. Months are UTC; dry runs count nothing.
      </p>
      <form
        class="panel runs-lookup"
        aria-label="Show another namespace"
        onSubmit={(event) => {
          event.preventDefault();
          const name = lookup.trim();
          if (!name) return;
          route(`${dashboardPaths.quota}?namespace=${encodeURIComponent([...new Set([...asked, name])].join(','))}`);
          setLookup('');
        }}
      >
        <label for="quota-namespace">Show another namespace</label>
        <div class="runs-lookup-row">
          <input id="quota-namespace" value={lookup} onInput={(event) => setLookup(event.currentTarget.value)} placeholder="e.g. eu-payments" />
          <button type="submit">Show</button>
        </div>
      </form>
      {!readings && <p class="muted">Loading…</p>}
      <div class="runs-quota-list">
        {readings?.map((reading) => (
          <QuotaCard reading={reading} canSetLimit={canSetLimit} key={reading.namespace} />
        ))}
      </div>
    </section>
  );
}

function QuotaCard({ reading, canSetLimit }: { reading: Reading; canSetLimit: boolean }) {
  const { namespace, error } = reading;
  const [quota, setQuota] = useState(reading.quota);
  // A new reading (the page read the quotas again) replaces what a limit change left.
  useEffect(() => setQuota(reading.quota), [reading]);
  const headingId = `quota-${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (!quota) {
    return (
      <div class="panel runs-quota" role="region" aria-labelledby={headingId}>
        <h2 id={headingId}>{namespace}</h2>
        <p class="error-message">{error}</p>
      </div>
    );
  }
  const share = quota.limit > 0 ? Math.min(1, quota.used / quota.limit) : 1;
  const tone = share >= 1 ? 'bad' : share >= 0.8 ? 'warn' : '';
  return (
    <div class="panel runs-quota" role="region" aria-labelledby={headingId}>
      <h2 id={headingId}>{namespace}</h2>
      <p class="muted">
        {monthInWords(quota.month)}
      </p>
      <div
        class={`runs-meter ${tone}`}
        role="meter"
        aria-label={`Rows used in ${namespace}`}
        aria-valuemin={0}
        aria-valuemax={quota.limit}
        aria-valuenow={Math.min(quota.used, quota.limit)}
        aria-valuetext={`${formatCount(quota.used)} of ${formatCount(quota.limit)} rows`}
      >
        <div style={{ width: `${share * 100}%` }} />
      </div>
      <dl class="runs-details runs-quota-numbers">
        <div>
          <dt>Used</dt>
          <dd>
            {formatCount(quota.used)} rows ({shareInWords(quota.used, quota.limit)})
          </dd>
        </div>
        <div>
          <dt>Limit</dt>
          <dd>{formatCount(quota.limit)} rows</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{formatCount(quota.remaining)} rows</dd>
        </div>
      </dl>
      {canSetLimit && <LimitForm namespace={namespace} limit={quota.limit} onSet={setQuota} />}
    </div>
  );
}

/** Changes a namespace's monthly limit; rows already imported this month stay counted against the new one. */
function LimitForm({ namespace, limit, onSet }: { namespace: string; limit: number; onSet: (quota: Quota) => void }) {
  const [draft, setDraft] = useState(String(limit));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = `limit-${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    setError(null);
    const value = Number(draft.replace(/[\s,]/g, ''));
    if (draft.trim() === '' || !Number.isSafeInteger(value) || value < 0) {
      setError('The limit is a whole number of rows, 0 or more.');
      return;
    }
    setBusy(true);
    try {
      const quota = await expectData(api.PUT('/batch-import/quota', { body: { namespace, limit: value } }));
      onSet(quota);
      setDraft(String(quota.limit));
      setNotice(`The limit of ${namespace} is now ${formatCount(quota.limit)} rows a month.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The limit could not be set.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="runs-quota-limit" onSubmit={submit} aria-busy={busy}>
      <label for={inputId}>Monthly limit for {namespace}</label>
      <div class="runs-lookup-row">
        <input id={inputId} inputMode="numeric" value={draft} disabled={busy} onInput={(event) => setDraft(event.currentTarget.value)} />
        <button type="submit" class="secondary" disabled={busy}>
          Set limit
        </button>
      </div>
      <StatusMessage message={notice} />
      <ErrorMessage message={error} />
    </form>
  );
}
