import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError, expectData } from '../api';
import { dashboardPaths } from '../paths';
import { formatCount } from '../components/format';
import { JOB_KINDS, kindInWords, type JobKind } from '../components/runs/job-words';
import { mappingsForKind, type Mapping } from '../components/runs/mapping-words';
import { putFile, UploadFailed } from '../components/runs/put-file';
import '../components/runs/runs.css';

/**
 * Files up to this size go in the upload request itself (one round trip; the job starts at once). Larger ones go
 * through the presigned route, straight to S3 with a progress bar: the multipart route takes only what API
 * Gateway and Lambda carry (about 6 MB, multipart overhead included).
 */
export const DIRECT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

const ROUTE_BY_KIND = {
  entity_automatic: '/batch-import/import/entities',
  transaction_batch: '/batch-import/import/transactions',
  user_event_batch: '/batch-import/import/user-events',
} as const;

type Phase = { step: 'idle' } | { step: 'starting' } | { step: 'sending'; sent: number; total: number };

function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * `/upload`: a file of entities, transactions or user events, with a saved mapping, a namespace and a dry-run
 * switch. On success the page moves (within the app, no reload) to the new job, which it then shows live.
 */
export function UploadPage() {
  const { route } = useLocation();
  const [kind, setKind] = useState<JobKind>('transaction_batch');
  const [file, setFile] = useState<File | undefined>(undefined);
  const [mappings, setMappings] = useState<readonly Mapping[] | undefined>(undefined);
  const [mappingsError, setMappingsError] = useState<string | undefined>(undefined);
  const [mappingId, setMappingId] = useState('');
  const [namespace, setNamespace] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [over, setOver] = useState(false);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<ApiError | UploadFailed | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Upload · Batch import';
    expectData(api.GET('/batch-import/mappings', { params: { query: { sort: 'name' } } }))
      .then((body) => setMappings(body.mappings))
      .catch((caught: unknown) => {
        setMappings([]);
        setMappingsError(caught instanceof ApiError ? caught.message : 'The saved mappings could not be read.');
      });
  }, []);

  const choices = mappings ? mappingsForKind(mappings, kind) : [];
  const busy = phase.step !== 'idle';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) {
      setError(new UploadFailed('Choose a file to upload first.'));
      fileInput.current?.focus();
      return;
    }
    setError(undefined);
    setPhase({ step: 'starting' });
    // One key per press of the button: a request repeated by the network creates no second job.
    const idempotencyKey = crypto.randomUUID();
    const space = namespace.trim();
    try {
      let jobId: string;
      if (file.size <= DIRECT_UPLOAD_MAX_BYTES) {
        const form = new FormData();
        if (mappingId) form.append('mappingId', mappingId);
        if (space) form.append('namespace', space);
        form.append('file', file, file.name);
        const body = await expectData(
          api.POST(ROUTE_BY_KIND[kind], {
            params: { query: dryRun ? { dryRun: 'true' } : {}, header: { 'idempotency-key': idempotencyKey } },
            // The typed body describes the form's fields; openapi-fetch sends a FormData as it is (multipart).
            body: form as unknown as { file: string },
          }),
        );
        jobId = body.jobId;
      } else {
        const presigned = await expectData(
          api.POST('/batch-import/uploads', {
            params: { header: { 'idempotency-key': idempotencyKey } },
            body: {
              kind,
              fileName: file.name,
              contentLength: file.size,
              ...(mappingId ? { mappingId } : {}),
              options: space ? { namespace: space } : {},
              dryRun,
            },
          }),
        );
        setPhase({ step: 'sending', sent: 0, total: file.size });
        await putFile(presigned, file, (sent, total) => setPhase({ step: 'sending', sent, total }));
        jobId = presigned.jobId;
      }
      route(dashboardPaths.job(jobId));
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof UploadFailed ? caught : new UploadFailed('The service could not be reached.'));
      setPhase({ step: 'idle' });
    }
  };

  const pick = (files: FileList | null | undefined) => {
    const picked = files?.[0];
    if (picked) {
      setFile(picked);
      setError(undefined);
    }
  };

  return (
    <section>
      <h1>Upload a file</h1>
      <p class="muted">
        CSV (with a header row), JSON or NDJSON, optionally gzip-compressed. The file becomes a batch job; you follow it on
        its page.
      </p>
      <form class="panel runs-form" onSubmit={submit} aria-busy={busy}>
        <label for="upload-kind">What the file holds</label>
        <select
          id="upload-kind"
          value={kind}
          disabled={busy}
          onChange={(event) => {
            setKind(event.currentTarget.value as JobKind);
            setMappingId('');
          }}
        >
          {JOB_KINDS.map((value) => (
            <option value={value} key={value}>
              {kindInWords(value)}
            </option>
          ))}
        </select>

        <label for="upload-file">File</label>
        <div
          class={`runs-dropzone${over ? ' over' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(event) => {
            event.preventDefault();
            setOver(false);
            if (!busy) pick(event.dataTransfer?.files);
          }}
          data-testid="drop-zone"
        >
          <strong>{file ? `${file.name} (${sizeInWords(file.size)})` : 'Drop a file here, or choose one'}</strong>
          <span class="runs-hint">
            {file && file.size > DIRECT_UPLOAD_MAX_BYTES
              ? 'A large file: it goes straight to storage, with a progress bar.'
              : 'Files over 5 MB go straight to storage, with a progress bar.'}
          </span>
          <input
            id="upload-file"
            ref={fileInput}
            type="file"
            disabled={busy}
            accept=".csv,.json,.ndjson,.jsonl,.gz,.txt,text/csv,application/json,application/x-ndjson,application/gzip"
            aria-describedby="upload-file-hint"
            onChange={(event) => pick(event.currentTarget.files)}
          />
        </div>
        <p id="upload-file-hint" class="runs-hint">
          Drag and drop onto the box, or press the button in it (keyboard: Tab to it, then Enter or Space).
        </p>

        <label for="upload-mapping">Column mapping</label>
        <select id="upload-mapping" value={mappingId} disabled={busy} onChange={(event) => setMappingId(event.currentTarget.value)}>
          <option value="">None: the columns are named as the fields</option>
          {choices.map((mapping) => (
            <option value={mapping.id} key={mapping.id}>
              {mapping.name}
            </option>
          ))}
        </select>
        <p class="runs-hint">
          {mappingsError ??
            (mappings && choices.length === 0 ? (
              <>
                No saved mapping for {kindInWords(kind).toLowerCase()}. <a href={dashboardPaths.mappings}>Create one</a>.
              </>
            ) : (
              <>
                Saved mappings of this kind. <a href={dashboardPaths.mappings}>Manage mappings</a>.
              </>
            ))}
        </p>

        <label for="upload-namespace">Namespace</label>
        <input
          id="upload-namespace"
          value={namespace}
          disabled={busy}
          placeholder="default"
          aria-describedby="upload-namespace-hint"
          onInput={(event) => setNamespace(event.currentTarget.value)}
        />
        <p id="upload-namespace-hint" class="runs-hint">
          The quota the rows count against. Leave empty for <code>default</code>.
        </p>

        <label class="runs-check">
          <input type="checkbox" checked={dryRun} disabled={busy} onChange={(event) => setDryRun(event.currentTarget.checked)} />
          Dry run: check every row and report the failures, import nothing
        </label>

        {phase.step === 'sending' && (
          <div class="runs-progress">
            <label for="upload-progress">Sending the file</label>
            <progress id="upload-progress" class="runs-upload-progress" max={phase.total} value={phase.sent} />
            <p class="runs-hint" aria-live="polite">
              {sizeInWords(phase.sent)} of {sizeInWords(phase.total)} ({phase.total ? Math.floor((phase.sent / phase.total) * 100) : 0}%)
            </p>
          </div>
        )}
        {error && (
          <p class="error-message" role="alert">
            {error.message}
            {error instanceof ApiError && error.code !== `HTTP_${error.status}` ? <code> {error.code}</code> : null}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {phase.step === 'idle' ? 'Upload' : phase.step === 'starting' ? 'Starting…' : 'Sending…'}
          </button>
        </div>
      </form>
    </section>
  );
}
