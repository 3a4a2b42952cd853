import { isSafeNumber, parse } from 'lossless-json';

/**
 * A number JSON.parse could round: 16 or more digits (with or without a decimal point), or an exponent. Strings
 * holding such digits match too; they only send the text down the slower, exact path.
 */
const MAYBE_INEXACT = /\d[\d.]{15}|\d[eE][+-]?\d/;

/**
 * JSON.parse that never changes a number: one a double holds exactly stays a number, any other (an amount of
 * 20 digits, 1e400) becomes the string of its digits as written, so the row keeps what the client sent and is
 * validated on that. Throws SyntaxError on invalid JSON, like JSON.parse.
 */
export function parseJsonExactly(text: string): unknown {
  if (!MAYBE_INEXACT.test(text)) return JSON.parse(text);
  return parse(text, null, {
    parseNumber: (digits) => (isSafeNumber(digits) ? Number(digits) : digits),
    // As JSON.parse does: the last of a repeated key wins.
    onDuplicateKey: ({ newValue }) => newValue,
  });
}
