import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { runTag } from '../support/generate';
import { baseUrl, demoKey, pollUntilTerminal, uploadAndWait } from '../support/service-client';

jest.setTimeout(120_000);

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const transactionOf = async (externalId: string) =>
  (await dynamo.send(new GetCommand({ TableName: process.env.RECORDS_TABLE_NAME, Key: { pk: `ORG#demo#TXN#${externalId}`, sk: 'RECORD' } }))).Item;
const recordOf = async (taxId: string) =>
  (await dynamo.send(new GetCommand({ TableName: process.env.RECORDS_TABLE_NAME, Key: { pk: `ORG#demo#ENTITY#${taxId}`, sk: 'RECORD' } }))).Item;

/** Real-world files (§5): each imports completely, or ends with its stable job-level code. */
describe('E2E: file formats', () => {
  const entities = (tag: string, delimiter = ',', eol = '\n') =>
    [['taxId', 'type', 'name', 'country'].join(delimiter), ...[1, 2, 3].map((i) => [`${tag}-${i}`, 'person', `Zoë Ñúñez ${i}`, 'AR'].join(delimiter))].join(eol) + eol;

  it.each([
    ['Latin-1', (tag: string) => iconv.encode(entities(tag), 'latin1'), { encoding: 'iso-8859-1' }],
    ['Windows-1252', (tag: string) => iconv.encode(entities(tag), 'win1252'), { encoding: 'windows-1252' }],
    ['UTF-16 with a BOM', (tag: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(entities(tag), 'utf16-le')]), {}],
    ['semicolon-delimited', (tag: string) => Buffer.from(entities(tag, ';')), {}],
    ['tab-delimited', (tag: string) => Buffer.from(entities(tag, '\t')), {}],
    ['CRLF', (tag: string) => Buffer.from(entities(tag, ',', '\r\n')), {}],
    ['CR', (tag: string) => Buffer.from(entities(tag, ',', '\r')), {}],
  ] as const)('imports a %s CSV', async (_, build, fields) => {
    const tag = `f${runTag()}`;
    const { job } = await uploadAndWait('entities', [{ fileName: 'entities.csv', content: build(tag) }], fields);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 3, succeeded: 3, failed: 0 });
    expect((await recordOf(`${tag}-2`))?.data).toEqual({ taxId: `${tag}-2`, type: 'person', name: 'Zoë Ñúñez 2', country: 'AR' });
  });

  it('imports a gzip-compressed CSV', async () => {
    const { job } = await uploadAndWait('entities', [{ fileName: 'entities.csv.gz', content: gzipSync(Buffer.from(entities(`g${runTag()}`))) }]);
    expect(job).toMatchObject({ status: 'completed', totalItems: 3, succeeded: 3 });
  });

  it('imports an NDJSON file', async () => {
    const tag = `n${runTag()}`;
    const lines = [1, 2, 3].map((i) => JSON.stringify({ eventType: 'login', userId: `${tag}-${i}`, occurredAt: '2026-11-01T10:00:00Z' }));
    const { job } = await uploadAndWait('user-events', [{ fileName: 'events.ndjson', content: lines.join('\n') + '\n' }]);
    expect(job).toMatchObject({ status: 'completed', totalItems: 3, succeeded: 3 });
  });

  it.each([
    ['a JSON body', 'application/json', (items: string[]) => `{"items":[${items.join(',')}]}`],
    ['an NDJSON body', 'application/x-ndjson', (items: string[]) => items.join('\n') + '\n'],
  ])('keeps an amount sent as a JSON number of 20 digits exactly as written (%s)', async (_, contentType, body) => {
    const tag = `x${runTag()}`;
    // Written by hand: JSON.stringify of a JavaScript number would already have rounded it.
    const items = ['12345678901234567.89', '-98765432109876543210', '10.5'].map(
      (amount, i) => `{"externalId":"${tag}-${i}","amount":${amount},"currency":"EUR","occurredAt":"2026-11-01T10:00:00Z"}`,
    );
    const response = await fetch(`${baseUrl()}/batch-import/import/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demoKey()}`, 'content-type': contentType },
      body: body(items),
    });
    expect(response.status).toBe(202);
    const { job } = await pollUntilTerminal(((await response.json()) as { jobId: string }).jobId);
    expect(job).toMatchObject({ status: 'completed', totalItems: 3, succeeded: 3 });
    expect((await transactionOf(`${tag}-0`))?.data.amount).toBe('12345678901234567.89');
    expect((await transactionOf(`${tag}-1`))?.data.amount).toBe('-98765432109876543210');
    expect((await transactionOf(`${tag}-2`))?.data.amount).toBe('10.5');
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['a header-only file', Buffer.from('taxId,type\n'), 'EMPTY_FILE'],
    ['a file without a required column', Buffer.from('taxId,name\n1,Ann\n'), 'MISSING_REQUIRED_COLUMNS'],
    ['a binary file', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 0), Buffer.from('xl/workbook.xml')]), 'FILE_UNREADABLE'],
    ['Latin-1 bytes declared as UTF-8', iconv.encode('taxId,type,name\n1,person,José\n', 'latin1'), 'ENCODING_ERROR'],
  ])('ends %s failed with its stable code and imports nothing', async (_, content, code) => {
    const { job } = await uploadAndWait('entities', [{ fileName: 'entities.csv', content }]);
    expect(job).toMatchObject({ status: 'failed', runStatus: 'failed', succeeded: 0, jobFailure: { code } });
  });

  it('keeps the rows before an unterminated quote and fails the rest as one malformed row', async () => {
    const tag = `q${runTag()}`;
    const content = `taxId,type,name\n${tag}-1,person,Ann\n${tag}-2,person,"Bo\n${tag}-3,person,Cy\n`;
    const { job } = await uploadAndWait('entities', [{ fileName: 'entities.csv', content }]);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'partially_completed', totalItems: 2, succeeded: 1, failed: 1 });
  });
});
