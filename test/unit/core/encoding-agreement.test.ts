import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { FileReadError, readRows } from '../../../functions/core/files/read-rows';
import type { Encoding, FormatOptions } from '../../../functions/core/files/format';
import { analyseSample } from '../../../functions/core/import-jobs/sample';
import type { RunFile } from '../../../functions/core/runs/run';

/**
 * The sample and the run read the same bytes the same way: a sample that passes a file means a run of that file
 * reads it, with the encoding the sample chose; a sample that refuses it as unreadable means the run refuses it too.
 */

/** What S3 hands a run: the object in pieces, not in one buffer. */
const S3_PIECE = 16 * 1024;

/** A CSV header, then enough rows that the file runs past the first 64 KiB. */
function csvOf(rows: number, extra: (i: number) => string = () => ''): string {
  const lines = ['taxId,type,name'];
  for (let i = 1; i <= rows; i++) lines.push(`T${i},company,Customer number ${i} of the test file${extra(i)}`);
  return `${lines.join('\n')}\n`;
}

/** Past the sample's first rows and past 64 KiB: only a reader that reads every byte meets it. */
const FAR = 2_000;

const cases: Array<{ name: string; bytes: Buffer; encoding?: Encoding }> = [
  { name: 'UTF-8', bytes: Buffer.from(csvOf(50, (i) => (i === 3 ? ' Crème brûlée €' : ''))) },
  { name: 'UTF-8 with a BOM', bytes: Buffer.from(`\uFEFF${csvOf(50)}`) },
  { name: 'ISO-8859-1', bytes: iconv.encode(csvOf(50, (i) => (i === 3 ? ' Crème brûlée' : '')), 'latin1') },
  { name: 'Windows-1252', bytes: iconv.encode(csvOf(50, (i) => (i === 3 ? ' 10 €' : '')), 'win1252') },
  { name: 'UTF-16 LE with a BOM', bytes: iconv.encode(csvOf(50), 'utf-16le', { addBOM: true }) },
  { name: 'UTF-16 BE with a BOM', bytes: iconv.encode(csvOf(50), 'utf-16be', { addBOM: true }) },
  { name: 'UTF-16 LE without a BOM, set as utf-16', bytes: iconv.encode(csvOf(50), 'utf-16le'), encoding: 'utf-16' },
  { name: 'invalid UTF-8 past the first 64 KiB', bytes: Buffer.concat([Buffer.from(csvOf(FAR)), Buffer.from('T0,company,Ren'), Buffer.from([0xe9]), Buffer.from('\n')]) },
  {
    name: 'invalid UTF-8 past the first 64 KiB, set as utf-8',
    bytes: Buffer.concat([Buffer.from(csvOf(FAR)), Buffer.from('T0,company,Ren'), Buffer.from([0xe9]), Buffer.from('\n')]),
    encoding: 'utf-8',
  },
  { name: 'ISO-8859-1 set as utf-8', bytes: iconv.encode(csvOf(5, () => ' é'), 'latin1'), encoding: 'utf-8' },
  { name: 'a NUL byte past the first 8 KiB', bytes: Buffer.concat([Buffer.from(csvOf(200)), Buffer.from([0]), Buffer.from(csvOf(10))]) },
  { name: 'a PNG', bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(100, 7)]) },
];

/** The sample's analysis of the file, with the encoding set or (without one) detected. */
function sampleOf(bytes: Buffer, encoding?: Encoding) {
  return analyseSample({
    body: bytes,
    gzip: false,
    requested: encoding ? { encoding } : {},
    kind: 'entity_automatic',
    orgId: 'org-a',
    namespace: 'default',
    columnMapping: null,
    defaultFields: null,
  });
}

/** The run's read of the file, whole: its header and row count, or the code it refuses the file with. */
async function runRead(bytes: Buffer, format: FormatOptions): Promise<{ header: readonly string[]; rows: number } | { refused: string }> {
  const pieces = Array.from({ length: Math.ceil(bytes.length / S3_PIECE) }, (_, i) => bytes.subarray(i * S3_PIECE, (i + 1) * S3_PIECE));
  const file: RunFile = { fileName: 'drop.csv', format: 'csv', gzip: false, sizeBytes: bytes.length };
  let header: readonly string[] = [];
  let rows = 0;
  try {
    for await (const event of readRows(Readable.from(pieces), file, format)) {
      if ('header' in event) header = event.header;
      else rows++;
    }
  } catch (error) {
    if (error instanceof FileReadError) return { refused: error.code };
    throw error;
  }
  return { header, rows };
}

describe('Sample and run: one encoding detector', () => {
  it.each(cases)('agree on $name', async ({ bytes, encoding }) => {
    const { report, format } = await sampleOf(bytes, encoding);
    const run = await runRead(bytes, format);
    const sampleRefused = report.failure && ['FILE_UNREADABLE', 'ENCODING_ERROR'].includes(report.failure.code) ? report.failure.code : null;
    if (sampleRefused) {
      expect(run).toEqual({ refused: sampleRefused });
    } else {
      expect(run).not.toHaveProperty('refused');
      // The run reads the header the sample showed, with the encoding the sample chose.
      expect((run as { header: readonly string[] }).header).toEqual(report.headers);
    }
  });

  it('reads the clean files, and refuses the broken ones, in both', async () => {
    const verdicts = await Promise.all(
      cases.map(async ({ name, bytes, encoding }) => {
        const { report } = await sampleOf(bytes, encoding);
        return [name, report.failure?.code ?? null] as const;
      }),
    );
    expect(Object.fromEntries(verdicts)).toEqual({
      'UTF-8': null,
      'UTF-8 with a BOM': null,
      'ISO-8859-1': null,
      'Windows-1252': null,
      'UTF-16 LE with a BOM': null,
      'UTF-16 BE with a BOM': null,
      'UTF-16 LE without a BOM, set as utf-16': null,
      // Detected as UTF-8 from its start; the sample's reader meets the bad byte as the run's does.
      'invalid UTF-8 past the first 64 KiB': 'ENCODING_ERROR',
      'invalid UTF-8 past the first 64 KiB, set as utf-8': 'ENCODING_ERROR',
      'ISO-8859-1 set as utf-8': 'ENCODING_ERROR',
      'a NUL byte past the first 8 KiB': 'FILE_UNREADABLE',
      'a PNG': 'FILE_UNREADABLE',
    });
  });
});
