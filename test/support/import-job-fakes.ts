import type { ImportJobRunHistory } from '../../functions/core/import-jobs/ports';
import { DomainError } from '../../functions/core/errors';
import type { Run } from '../../functions/core/runs/run';
import type { InMemoryRuns } from './fakes';

/** An import job's runs, read from the in-memory run repository the way the byImportJob index orders them. */
export class InMemoryImportJobRuns implements ImportJobRunHistory {
  constructor(private readonly runs: InMemoryRuns) {}

  async listByImportJob(orgId: string, importJobId: string, page: { limit: number; cursor?: string }) {
    const key = (run: Run) => `${run.createdAt}#${run.runId}`;
    const all = [...this.runs.runs.values()]
      .filter((run) => run.orgId === orgId && run.importJobId === importJobId)
      .sort((a, b) => (key(a) < key(b) ? 1 : -1));
    let start = 0;
    if (page.cursor !== undefined) {
      const [job, position] = page.cursor.split('|');
      if (job !== `${orgId}/${importJobId}` || position === undefined) throw new DomainError('VALIDATION_ERROR', 'Invalid cursor');
      start = all.findIndex((run) => key(run) < position);
      if (start < 0) start = all.length;
    }
    const shown = all.slice(start, start + page.limit);
    const last = shown[shown.length - 1];
    const more = start + page.limit < all.length;
    return {
      runs: shown.map((run) => structuredClone(run) as Run),
      nextCursor: more && last ? `${orgId}/${importJobId}|${key(last)}` : null,
    };
  }
}
