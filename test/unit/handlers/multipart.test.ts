import { DomainError } from '../../../functions/core/errors';
import { MAX_FORM_FIELDS, parseMultipart } from '../../../functions/handlers/http/multipart';
import { multipart } from '../../support/api-events';

const BOUNDARY = 'b0undary';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
const LIMITS = { maxFiles: 1, maxBytes: 1024 };

/** A multipart body written by hand, part by part, so that it can be wrong in exactly one way. */
function body(...parts: Array<{ disposition: string; type?: string; content: string }>): string {
  return parts
    .map((part) => `--${BOUNDARY}\r\nContent-Disposition: ${part.disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n${part.content}\r\n`)
    .join('') + `--${BOUNDARY}--\r\n`;
}

async function refusal(raw: string | Buffer, contentType = CONTENT_TYPE, limits = LIMITS): Promise<DomainError> {
  const error = await parseMultipart(Buffer.from(raw), contentType, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('Function: parseMultipart', () => {
  it('reads a file part and the fields beside it', async () => {
    const form = await multipart([{ fileName: 'a.csv', content: 'x,y\n1,2\n' }], { namespace: 'eu' });
    const parsed = await parseMultipart(form.body, form.contentType, LIMITS);
    expect(parsed.files).toEqual([{ fileName: 'a.csv', contentType: 'text/csv', body: Buffer.from('x,y\n1,2\n') }]);
    expect({ ...parsed.fields }).toEqual({ namespace: 'eu' });
  });

  it.each([
    ['inside the file part', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nx,y\n1,2\n`],
    ['after the file part, before the closing boundary', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx,y\r\n`],
    ['inside a field', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="namespace"\r\n\r\neu`],
    ['with no part at all', ''],
  ])('refuses a body cut off %s with 400, and nothing throws afterwards', async (_, raw) => {
    // An unheard stream error surfaces as an uncaught exception; listen for one for a moment after the answer.
    const uncaught: unknown[] = [];
    const listener = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', listener);
    try {
      const error = await refusal(raw);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.statusCode).toBe(400);
      expect(error.message).toMatch(/ends before its closing boundary/);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', listener);
    }
  });

  it('names a file part without a name as such, not as the field "undefined"', async () => {
    const error = await refusal(body({ disposition: 'form-data; filename="a.csv"', type: 'text/csv', content: 'x\n' }));
    expect(error.message).toBe('A file part has no name: name it "file" (Content-Disposition: form-data; name="file"; filename="data.csv")');
    expect(error.message).not.toMatch(/undefined/);
  });

  it('names a file part under another name', async () => {
    const error = await refusal(body({ disposition: 'form-data; name="upload"; filename="a.csv"', content: 'x\n' }));
    expect(error.message).toBe('Unexpected file part "upload": send files in parts named "file"');
  });

  it('says that a "file" part without a filename was read as text, rather than that no file was sent', async () => {
    const error = await refusal(body({ disposition: 'form-data; name="file"', content: 'x,y\n' }));
    expect(error.message).toMatch(/^The "file" part has no filename, so it was read as a text field/);
  });

  it('asks for a filename on a binary file part that has none', async () => {
    const error = await refusal(body({ disposition: 'form-data; name="file"', type: 'application/octet-stream', content: 'x,y\n' }));
    expect(error.message).toMatch(/^The "file" part has no filename; its extension tells the format/);
  });

  it('refuses a field sent twice instead of keeping the last silently', async () => {
    const error = await refusal(
      body(
        { disposition: 'form-data; name="reportRecipientEmails"', content: 'a@example.com' },
        { disposition: 'form-data; name="reportRecipientEmails"', content: 'b@example.com' },
      ),
    );
    expect(error.message).toBe('The field "reportRecipientEmails" is sent more than once: send it once (several addresses as a JSON array)');
  });

  it('refuses more fields than a form may have, and a field over its size', async () => {
    const many = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, i) => ({ disposition: `form-data; name="f${i}"`, content: 'x' }));
    expect((await refusal(body(...many))).message).toBe(`A form may have at most ${MAX_FORM_FIELDS} fields`);
    const long = body({ disposition: 'form-data; name="columnMapping"', content: 'x'.repeat(1024 * 1024 + 1) });
    expect((await refusal(long)).message).toBe('The field "columnMapping" is over 1048576 bytes');
  });

  it('refuses one file part more than the route takes', async () => {
    const form = await multipart([
      { fileName: 'a.csv', content: 'x\n' },
      { fileName: 'b.csv', content: 'x\n' },
    ]);
    expect((await refusal(form.body, form.contentType)).message).toBe('This route takes at most 1 file per request');
  });

  it('answers FILE_TOO_LARGE for a file part over the limit', async () => {
    const form = await multipart([{ fileName: 'big.csv', content: 'x'.repeat(2000) }]);
    const error = await refusal(form.body, form.contentType);
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toBe('big.csv is larger than 1024 bytes; use a presigned upload');
  });

  it('asks for the boundary when the Content-Type has none', async () => {
    const error = await refusal(body({ disposition: 'form-data; name="a"', content: 'x' }), 'multipart/form-data');
    expect(error.message).toBe('Content-Type multipart/form-data needs its boundary: multipart/form-data; boundary=…');
  });

  it('keeps a field named __proto__ as a field', async () => {
    const parsed = await parseMultipart(Buffer.from(body({ disposition: 'form-data; name="__proto__"', content: 'x' })), CONTENT_TYPE, LIMITS);
    expect(Object.keys(parsed.fields)).toEqual(['__proto__']);
  });
});
