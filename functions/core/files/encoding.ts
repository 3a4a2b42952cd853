import type { Encoding } from './format';

/**
 * How a file's bytes become text, decided in one place for both readers: the sample (import-jobs/sample.ts) and
 * the run (read-rows.ts). Were they to decide apart, a sample could pass a file that its runs then refuse.
 */

/** The start of a file that decides whether it is text at all. */
export const SNIFF_BYTES = 64 * 1024;

/** UTF-16 when the bytes start with its byte order mark (either byte order); a BOM wins over any setting. */
export function bomEncoding(head: Uint8Array): 'utf-16' | undefined {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) ? 'utf-16' : undefined;
}

/**
 * A NUL byte in the first {@link SNIFF_BYTES}: text in the other encodings has none, a spreadsheet, an archive or an
 * image has them up front. UTF-16 text has them too, so a UTF-16 BOM or setting means text.
 */
export function looksBinary(head: Uint8Array, encoding?: Encoding): boolean {
  return bomEncoding(head) === undefined && encoding !== 'utf-16' && head.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * The encoding of a text, from its first {@link SNIFF_BYTES}: a UTF-16 BOM; else UTF-8 if they decode as UTF-8 (a
 * UTF-8 BOM included); else a single-byte Western encoding: Windows-1252 when it uses the bytes 0x80-0x9F
 * (printable there, control codes in ISO-8859-1), ISO-8859-1 otherwise. A bad UTF-8 byte further on is the
 * reader's to find: it names the encoding it could not read.
 */
export function detectEncoding(bytes: Uint8Array): Encoding | 'binary' {
  const bom = bomEncoding(bytes);
  if (bom) return bom;
  if (looksBinary(bytes)) return 'binary';
  const head = bytes.subarray(0, SNIFF_BYTES);
  try {
    // A cut multi-byte character at the end of the window is not an error: stream mode leaves it pending.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < bytes.length });
    return 'utf-8';
  } catch {
    return head.some((b) => b >= 0x80 && b <= 0x9f) ? 'windows-1252' : 'iso-8859-1';
  }
}
