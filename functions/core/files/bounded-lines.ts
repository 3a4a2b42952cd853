/** One line of text, or the number of a line that was longer than allowed (its text was dropped as it came). */
export type Line = { readonly n: number; readonly text: string } | { readonly n: number; readonly tooLong: true };

/**
 * Splits text into lines as readline does (LF, CRLF or a lone CR ends a line; a CRLF split between two pieces is
 * one break; a last line without a break counts), numbering them from 1, but never holds more than `maxChars` of
 * one line: the rest of a longer line is read past, and the line is reported as too long. readline keeps the
 * whole line, however long, which a gzip of a few megabytes can make gigabytes.
 */
export async function* boundedLines(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<Line> {
  let n = 0;
  let partial = '';
  let overflowing = false;
  const BREAK = /[\r\n]/g; // one a call: its lastIndex is state
  let afterCr = false; // the last piece ended with a CR: an LF that starts the next one belongs to it
  for await (const piece of text) {
    if (piece.length === 0) continue; // would lose a CR that waits for its LF
    let start = 0;
    if (afterCr && piece.charCodeAt(0) === 0x0a) start = 1;
    afterCr = false;
    BREAK.lastIndex = start;
    for (let match = BREAK.exec(piece); match; match = BREAK.exec(piece)) {
      const end = match.index;
      const line = partial + piece.slice(start, end);
      n++;
      yield overflowing || line.length > maxChars ? { n, tooLong: true } : { n, text: line };
      partial = '';
      overflowing = false;
      start = end + 1;
      if (piece.charCodeAt(end) === 0x0d) {
        if (end + 1 === piece.length) afterCr = true;
        else if (piece.charCodeAt(end + 1) === 0x0a) start = end + 2;
      }
      BREAK.lastIndex = start;
    }
    if (overflowing || start >= piece.length) continue;
    const rest = piece.slice(start);
    if (partial.length + rest.length > maxChars) {
      overflowing = true;
      partial = '';
    } else {
      partial += rest;
    }
  }
  if (overflowing) yield { n: n + 1, tooLong: true };
  else if (partial.length > 0) yield { n: n + 1, text: partial };
}
