import { useState } from 'preact/hooks';
import { api, expectData } from '../../api';
import { errorText, type ImportJob } from './model';
import { ErrorMessage, StatusMessage } from '../messages';

/**
 * Puts a file into the job's drop location through the §7 files route (a presigned PUT), for people without S3 or
 * SFTP access. The file then waits there for the next run; the service refuses a name the job's pattern would never
 * pick, and the page says so.
 */
export function DropUpload({ job, onUploaded }: { job: ImportJob; onUploaded?: (key: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });

  async function upload(event: Event) {
    event.preventDefault();
    if (!file) return;
    setState({ busy: true });
    try {
      const presigned = await expectData(
        api.POST('/batch-import/import-jobs/{importJobId}/files', {
          params: { path: { importJobId: job.id } },
          body: { fileName: file.name, contentLength: file.size },
        }),
      );
      const put = await fetch(presigned.uploadUrl, { method: presigned.uploadMethod, headers: presigned.uploadHeaders, body: file }).catch(
        (error: unknown) => {
          // fetch names no cause (network, CORS or the page's policy): say where it failed.
          throw new Error(`The browser could not send the file to the storage (${error instanceof Error ? error.message : String(error)})`);
        },
      );
      if (!put.ok) throw new Error(`The storage refused the file (HTTP ${put.status})`);
      setState({ busy: false, done: `${file.name} is in the drop location. The next run imports it.` });
      onUploaded?.(presigned.key);
    } catch (caught) {
      setState({ busy: false, error: errorText(caught) });
    }
  }

  return (
    <form class="drop-upload" onSubmit={upload}>
      <label for="drop-file">File to put in the drop location</label>
      <p class="muted hint" id="drop-file-hint">
        Its name must match <code>{job.source.filenamePattern}</code>.
      </p>
      <input
        id="drop-file"
        type="file"
        aria-describedby="drop-file-hint"
        onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null)}
      />
      <div class="actions">
        <button type="submit" disabled={!file || state.busy}>
          {state.busy ? 'Uploading…' : 'Upload to drop location'}
        </button>
      </div>
      <StatusMessage message={state.done} />
      <ErrorMessage message={state.error} />
    </form>
  );
}
