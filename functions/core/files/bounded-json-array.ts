import type { Line } from './bounded-lines';

/**
 * Splits the text of a JSON array (`[ {...}, {...} ]`, pretty-printed or not) into the text of its elements,
 * numbered from 1, as `boundedLines` splits NDJSON: never holding more than `maxChars` of one element (a longer one
 * is read past and reported as too long), so a drop file of any size streams. It only finds where elements start
 * and end (strings and nesting tracked with counters, no recursion); each element is parsed afterwards, exactly as
 * an NDJSON line is. Text after the closing bracket, or a file that ends inside the array, is reported as a last
 * element that cannot parse, so the run names it instead of dropping it.
 */
export type ArrayElement = Line | { readonly n: number; readonly malformed: string };

export async function* jsonArrayElements(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<ArrayElement> {
  let n = 0;
  let state = 'before' as 'before' | 'between' | 'element' | 'after';
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let element = '';
  let overflowing = false;
  let notAnArray = false;
  let trailing = false;

  const finish = (): Line => {
    n++;
    const line: Line = overflowing || element.length > maxChars ? { n, tooLong: true } : { n, text: element };
    element = '';
    overflowing = false;
    return line;
  };

  for await (const piece of text) {
    let start = -1; // where the current element's text starts within this piece
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) depth++;
        else if (c === 0x5d || c === 0x7d) {
          if (depth === 0) {
            // The array's own closing bracket ends the last element.
            take(piece, start, i);
            yield finish();
            state = 'after';
            start = -1;
            continue;
          }
          depth--;
        } else if (c === 0x2c && depth === 0) {
          take(piece, start, i);
          yield finish();
          state = 'between';
          start = -1;
        }
        continue;
      }
      if (isSpace(c) || c === 0xfeff) continue;
      if (state === 'before') {
        if (c !== 0x5b) {
          notAnArray = true;
          state = 'after';
        } else state = 'between';
        continue;
      }
      if (state === 'between') {
        if (c === 0x2c) continue;
        if (c === 0x5d) {
          state = 'after';
          continue;
        }
        state = 'element';
        depth = 0;
        inString = false;
        escaped = false;
        start = i;
        i--; // read this character again as the element's first
        continue;
      }
      trailing = true; // state 'after': anything but whitespace follows the array
    }
    if (state === 'element') take(piece, start === -1 ? 0 : start, piece.length);
  }
  if (state === 'element') yield { n: n + 1, malformed: 'The file ends inside this element: the JSON array is not closed' };
  else if (state === 'between') yield { n: n + 1, malformed: 'The file ends before the JSON array is closed' };
  else if (notAnArray) yield { n: n + 1, malformed: 'The file is not a JSON array' };
  else if (trailing) yield { n: n + 1, malformed: 'Text follows the end of the JSON array' };

  function take(piece: string, from: number, to: number): void {
    if (overflowing) return;
    const part = piece.slice(from === -1 ? 0 : from, to);
    if (element.length + part.length > maxChars) {
      overflowing = true;
      element = '';
    } else element += part;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
