import type { RecordStore } from '../../../functions/core/ports';
import type { ImportRecord } from '../../../functions/core/records/record';
import { freshId, freshOrg, type MakePort } from './fixtures';

const entity = (orgId: string, jobId: string, taxId: string, rowNumber: number, type = 'person'): ImportRecord => ({
  key: `ENTITY#${taxId}`, orgId, namespace: 'default', kind: 'entity_automatic', runId: jobId, rowNumber, data: { taxId, type },
});

/**
 * The record store's contract (§8), held by InMemoryRecords and DynamoRecordStore alike: exactly one writer wins a
 * key; a replay of the same row of the same run counts as written and changes nothing; one org never sees another's.
 */
export function describeRecordStoreContract(name: string, makePort: MakePort<RecordStore>): void {
  describe(`RecordStore contract: ${name}`, () => {
    let store: RecordStore;
    beforeEach(async () => {
      store = await makePort();
    });

    it('writes free keys, and answers the record that holds a taken one, per record in order', async () => {
      const orgId = freshOrg();
      const [run1, run2] = [freshId(), freshId()];
      const tax = freshId();
      expect(await store.putNew([entity(orgId, run1, `${tax}-a`, 2), entity(orgId, run1, `${tax}-b`, 3)])).toEqual([{ written: true }, { written: true }]);
      expect(await store.putNew([entity(orgId, run2, `${tax}-c`, 2), entity(orgId, run2, `${tax}-a`, 3, 'company')])).toEqual([
        { written: true },
        { written: false, existing: { key: `ENTITY#${tax}-a`, runId: run1, rowNumber: 2, data: { taxId: `${tax}-a`, type: 'person' } } },
      ]);
    });

    it('counts a replay of the same row of the same run as written, and keeps what was written first', async () => {
      const orgId = freshOrg();
      const jobId = freshId();
      const record = entity(orgId, jobId, freshId(), 7);
      await store.putNew([record]);
      expect(await store.putNew([{ ...record, data: { ...record.data, type: 'company' } }])).toEqual([{ written: true }]);
      expect(await store.putNew([{ ...record, rowNumber: 8 }])).toEqual([{ written: false, existing: { key: record.key, runId: jobId, rowNumber: 7, data: record.data } }]);
      expect((await store.find(orgId, [record.key])).get(record.key)).toEqual({ key: record.key, runId: jobId, rowNumber: 7, data: record.data });
    });

    it('lets exactly one of many racing writers of a key win', async () => {
      const orgId = freshOrg();
      const tax = freshId();
      const writers = Array.from({ length: 4 }, (_, i) => entity(orgId, freshId(), tax, i + 2));
      const answers = (await Promise.all(writers.map((record) => store.putNew([record])))).flat();
      expect(answers.filter((answer) => answer.written)).toHaveLength(1);
      const winner = writers[answers.findIndex((answer) => answer.written)]!;
      for (const answer of answers.filter((a) => !a.written)) {
        expect(answer).toEqual({ written: false, existing: { key: winner.key, runId: winner.runId, rowNumber: winner.rowNumber, data: winner.data } });
      }
    });

    it('writes the first of the records of one call that share a key, and answers it to the others', async () => {
      const orgId = freshOrg();
      const jobId = freshId();
      const tax = freshId();
      const first = entity(orgId, jobId, tax, 2);
      expect(await store.putNew([first, entity(orgId, jobId, tax, 3), entity(orgId, jobId, `${tax}-x`, 4)])).toEqual([
        { written: true },
        { written: false, existing: { key: first.key, runId: jobId, rowNumber: 2, data: first.data } },
        { written: true },
      ]);
    });

    it('keeps each org’s records to itself', async () => {
      const [mine, theirs] = [freshOrg(), freshOrg()];
      const tax = freshId();
      const record = entity(mine, freshId(), tax, 2);
      await store.putNew([record]);
      expect(await store.putNew([entity(theirs, freshId(), tax, 5)])).toEqual([{ written: true }]);
      expect([...(await store.find(mine, [record.key, 'ENTITY#absent'])).keys()]).toEqual([record.key]);
      expect((await store.find(theirs, [record.key])).get(record.key)?.rowNumber).toBe(5);
      expect((await store.find(freshOrg(), [record.key])).size).toBe(0);
    });
  });
}
