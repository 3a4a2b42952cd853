import { Readable } from 'node:stream';
import fc from 'fast-check';
import { jsonArrayElements } from '../../../functions/core/files/bounded-json-array';
import { readRows, type FileEvent } from '../../../functions/core/files/read-rows';
import { DEFAULT_FORMAT } from '../../../functions/core/files/format';
import type { RunFile } from '../../../functions/core/runs/run';

const json: RunFile = { fileName: 'drop.json', format: 'json', gzip: false, sizeBytes: 0 };

/** Feeds the text in pieces of `size` characters, so elements, strings and escapes straddle reads. */
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function elements(text: string, size = 3, maxChars = 1000) {
  const out = [];
  for await (const element of jsonArrayElements(pieces(text, size), maxChars)) out.push(element);
  return out;
}

async function read(text: string): Promise<FileEvent[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  const events: FileEvent[] = [];
  for await (const event of readRows(Readable.from(chunks), json, DEFAULT_FORMAT)) events.push(event);
  return events;
}

const rowsOf = (events: FileEvent[]) => events.flatMap((e) => ('row' in e ? [e.row] : []));

describe('jsonArrayElements: the elements of a JSON array, streamed', () => {
  it('splits a pretty-printed array whose strings hold brackets, commas, quotes and escapes', async () => {
    const text = '[\n  {"id": "a,]", "note": "say \\"hi\\" [x]"},\n  {"id": "b\\\\", "n": [1, {"k": "}"}]}\n]\n';
    const found = await elements(text);
    expect(found.map((e) => ('text' in e ? JSON.parse(e.text) : e))).toEqual([
      { id: 'a,]', note: 'say "hi" [x]' },
      { id: 'b\\', n: [1, { k: '}' }] },
    ]);
    expect(found.map((e) => e.n)).toEqual([1, 2]);
  });

  it('answers the same elements as JSON.parse for any array of objects, in any piece size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), async (items, size, pretty) => {
        const text = JSON.stringify(items, null, pretty ? 2 : undefined);
        const found = await elements(text, size, 100_000);
        expect(found.map((e) => ('text' in e ? JSON.parse(e.text) : e))).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('reads past an element longer than the limit and names it, then goes on', async () => {
    const found = await elements(`[{"a":"${'x'.repeat(50)}"}, {"b":1}]`, 4, 20);
    expect(found).toEqual([{ n: 1, tooLong: true }, { n: 2, text: '{"b":1}' }]);
  });

  it.each([
    ['a file that ends inside an element', '[{"a":1}, {"b":', 'The file ends inside this element: the JSON array is not closed', 2],
    ['a file that ends between elements', '[{"a":1},', 'The file ends before the JSON array is closed', 2],
    ['text after the array', '[{"a":1}] {"b":2}', 'Text follows the end of the JSON array', 2],
  ])('names %s as a last malformed element', async (_, text, malformed, n) => {
    const found = await elements(text);
    expect(found[found.length - 1]).toEqual({ n, malformed });
  });
});

describe('readRows of a .json drop file', () => {
  it('imports each element of a pretty-printed JSON array as a row (it was read as NDJSON, so every line failed)', async () => {
    const events = await read(JSON.stringify([{ id: 'r1', amount: 12345678901234567890 }, { id: 'r2', amount: 1 }], null, 2).replace('12345678901234567000', '12345678901234567890'));
    const rows = rowsOf(events);
    expect(rows.map((r) => r.n)).toEqual([1, 2]);
    expect(rows.every((r) => r.item !== undefined)).toBe(true);
    expect(String(rows[1]!.item!.id)).toBe('r2');
    // Amounts keep the digits written, as they do in NDJSON and the JSON bodies.
    expect(String(rows[0]!.item!.amount)).toBe('12345678901234567890');
  });

  it('reads a .json file that holds NDJSON as NDJSON', async () => {
    const rows = rowsOf(await read('{"id":"a"}\n{"id":"b"}\n'));
    expect(rows.map((r) => r.item?.id)).toEqual(['a', 'b']);
  });

  it('makes an element that is not an object a malformed row, like an NDJSON line', async () => {
    const rows = rowsOf(await read('[{"id":"a"}, 7, [1]]'));
    expect(rows.map((r) => r.malformed ?? 'ok')).toEqual(['ok', 'Element is not a JSON object', 'Element is not a JSON object']);
  });
});
