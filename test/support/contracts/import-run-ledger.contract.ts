import type { ImportRunLedger, SourceFileClaim, TriggerClaim } from '../../../functions/core/import-jobs/run-ledger';
import { freshId, type MakePort } from './fixtures';

const trigger = (overrides: Partial<TriggerClaim> = {}): TriggerClaim => ({
  importJobId: freshId(), key: 'schedule#2026-11-25T10:00', runId: freshId('run-'), expiresAt: 1_900_000_000, ...overrides,
});
const file = (overrides: Partial<SourceFileClaim> = {}): SourceFileClaim => ({
  importJobId: freshId(), eTag: freshId('etag-'), runId: freshId('run-'), key: 'drops/a.csv', at: '2026-11-25T10:00:00.000Z', ...overrides,
});

/**
 * The import-run ledger's contract (§7), held by InMemoryImportRunLedger and DynamoImportRunLedger alike: one firing
 * of a schedule makes one run, and one source file is held by one run of its import job at a time.
 */
export function describeImportRunLedgerContract(name: string, makePort: MakePort<ImportRunLedger>): void {
  describe(`ImportRunLedger contract: ${name}`, () => {
    let ledger: ImportRunLedger;
    beforeEach(async () => {
      ledger = await makePort();
    });

    it('lets one of many deliveries of a firing claim it, and tells the others which run it made and whether it settled', async () => {
      const first = trigger();
      const answers = await Promise.all([1, 2, 3].map((n) => ledger.claimTrigger({ ...first, runId: `${first.runId}-${n}` })));
      expect(answers.filter((answer) => answer.claimed)).toEqual([{ claimed: true }]);
      const winner = `${first.runId}-${answers.findIndex((answer) => answer.claimed) + 1}`;
      expect(answers.filter((answer) => !answer.claimed)).toEqual([
        { claimed: false, runId: winner, settled: false },
        { claimed: false, runId: winner, settled: false },
      ]);
      await ledger.settleTrigger(first.importJobId, first.key);
      await ledger.settleTrigger(first.importJobId, first.key);
      expect(await ledger.claimTrigger({ ...first, runId: freshId() })).toEqual({ claimed: false, runId: winner, settled: true });
    });

    it('keeps firings apart by import job and by key', async () => {
      const first = trigger();
      await ledger.claimTrigger(first);
      expect(await ledger.claimTrigger({ ...first, importJobId: freshId() })).toEqual({ claimed: true });
      expect(await ledger.claimTrigger({ ...first, key: 'retry#run-1' })).toEqual({ claimed: true });
    });

    it('refuses to settle a firing nobody claimed', async () => {
      const never = trigger();
      await expect(ledger.settleTrigger(never.importJobId, never.key)).rejects.toThrow();
      expect(await ledger.claimTrigger(never)).toEqual({ claimed: true });
    });

    it('gives a file to one run of the job, lets that run claim it again, and keeps it from the others', async () => {
      const claim = file();
      const rival = { ...claim, runId: freshId('run-') };
      const answers = await Promise.all([ledger.claimFile(claim), ledger.claimFile(rival)]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      const holder = answers[0] ? claim : rival;
      const other = answers[0] ? rival : claim;
      expect(await ledger.claimFile({ ...holder, at: '2026-11-25T11:00:00.000Z' })).toBe(true);
      expect(await ledger.claimFile(other)).toBe(false);
      // Another import job's file of the same ETag is another file.
      expect(await ledger.claimFile({ ...other, importJobId: freshId() })).toBe(true);
    });

    it('releases a file only for the run that holds it', async () => {
      const claim = file();
      const next = { ...claim, runId: freshId('run-') };
      await ledger.claimFile(claim);
      await ledger.releaseFiles(claim.importJobId, next.runId, [claim.eTag]);
      expect(await ledger.claimFile(next)).toBe(false);
      await ledger.releaseFiles(claim.importJobId, claim.runId, [claim.eTag, freshId('etag-')]);
      expect(await ledger.claimFile(next)).toBe(true);
      await ledger.releaseFiles(claim.importJobId, claim.runId, [claim.eTag]);
      expect(await ledger.claimFile(claim)).toBe(false);
      await ledger.releaseFiles(claim.importJobId, claim.runId, []);
    });
  });
}
