import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { UPLOAD_ROUTES, type BatchImportApi, type UploadAccepted, type UploadOptions, type UploadRoute } from '../api';
import { apiFor, exitWith, printJson, printLine, userPath, waitAndReport } from '../context';
import { ApiError, CliError } from '../errors';

/**
 * What the multipart route takes: the service's `MAX_UPLOAD_BYTES` default (6 MiB, under Lambda's 6 MB payload),
 * which counts the whole request body. Files that leave less than `MULTIPART_FRAMING_BYTES` for the form's own
 * framing go through a presigned URL instead, straight to storage.
 */
export const MULTIPART_LIMIT_BYTES = 6 * 1024 * 1024;
const MULTIPART_FRAMING_BYTES = 64 * 1024;

export type UploadPath = 'multipart' | 'presigned';

export const uploadPathFor = (sizeBytes: number): UploadPath =>
  sizeBytes + MULTIPART_FRAMING_BYTES <= MULTIPART_LIMIT_BYTES ? 'multipart' : 'presigned';

interface UploadFlags {
  kind: UploadRoute;
  wait?: boolean;
  json?: boolean;
  dryRun?: boolean;
  mapping?: string;
  namespace?: string;
  idempotencyKey?: string;
}

async function sizeOf(file: string): Promise<number> {
  try {
    const info = await stat(userPath(file));
    if (!info.isFile()) throw new CliError(`not a file: ${file}`);
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${code ?? (error as Error).message}`);
  }
}

/**
 * Sends the file the way its size allows. The file name goes along unchanged: the service tells CSV, JSON and
 * NDJSON apart by it, and gzip by its `.gz` ending, so a compressed file is sent as it is.
 */
async function send(api: BatchImportApi, file: string, size: number, route: UploadRoute, options: UploadOptions): Promise<UploadAccepted & { via: UploadPath }> {
  const name = path.basename(file);
  const at = userPath(file);
  if (uploadPathFor(size) === 'multipart') {
    try {
      return { ...(await api.uploadMultipart(route, { name, bytes: await readFile(at) }, options)), via: 'multipart' };
    } catch (error) {
      // A deployment configured with a smaller MAX_UPLOAD_BYTES: no job was made, so the other route is safe.
      if (!(error instanceof ApiError && error.code === 'FILE_TOO_LARGE')) throw error;
    }
  }
  const upload = await api.requestPresignedUpload(route, { name, size }, options);
  await api.putPresigned(upload, at);
  const { success, jobId, kind, status } = upload;
  return { success, jobId, kind, status, via: 'presigned' };
}

export function registerUpload(program: Command): void {
  program
    .command('upload')
    .description('upload a CSV, JSON or NDJSON file (optionally .gz); files past the multipart limit go through a presigned URL by themselves')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--kind <kind>', 'what the file holds').choices(UPLOAD_ROUTES).makeOptionMandatory())
    .option('--wait', 'follow the job to its end; the exit code then says how it ended (0 clean, 2 with failed or skipped rows, 1 failed)')
    .option('--json', 'print the service\'s answer alone on stdout (with --wait: the final job status body)')
    .option('--dry-run', 'validate every row and report failures, import nothing')
    .option('--mapping <id>', 'a saved mapping to read the columns with')
    .option('--namespace <ns>', 'the quota namespace (default: default)')
    .option('--idempotency-key <key>', 'a retry with the same key answers the same job and creates nothing')
    .action(
      exitWith(async (file: string, flags: UploadFlags, command: Command) => {
        const size = await sizeOf(file);
        const api = apiFor(command);
        const accepted = await send(api, file, size, flags.kind, {
          dryRun: flags.dryRun,
          mappingId: flags.mapping,
          namespace: flags.namespace,
          idempotencyKey: flags.idempotencyKey,
        });
        const { via, ...body } = accepted;
        const note = `job ${body.jobId} ${body.status} (${body.kind}, ${via} upload of ${size.toLocaleString('en-US')} bytes)`;
        if (flags.wait) {
          (flags.json ? process.stderr : process.stdout).write(`${note}\n`);
          return waitAndReport(api, body.jobId, flags.json === true);
        }
        if (flags.json) printJson(body);
        else printLine(`${note}; follow it: npm run -s cli -- job ${body.jobId}`);
      }),
    );
}
