/**
 * What starting an import job's runs needs beyond the run and import-job repositories: a ledger, so that one
 * firing of a schedule makes one run and one source file is imported once (§7), whatever is delivered twice.
 */

/** One firing of an import job's schedule (or one rerun), claimed for the run it makes. */
export interface TriggerClaim {
  readonly importJobId: string;
  /** Identifies the firing: the same for every delivery of it. */
  readonly key: string;
  /** The run this firing makes if the claim is new. */
  readonly runId: string;
  /** Epoch seconds after which the claim may be swept: deliveries of one firing come within hours. */
  readonly expiresAt: number;
}

/** A source file (by its ETag) claimed by a run of an import job. */
export interface SourceFileClaim {
  readonly importJobId: string;
  readonly eTag: string;
  readonly runId: string;
  /** The object's key when claimed, for people reading the ledger. */
  readonly key: string;
  readonly at: string;
}

export interface ImportRunLedger {
  /**
   * The first claim of a firing wins; a later one answers the run the first one made (or is making), and whether
   * that run was handed over whole (`settled`: created, and its files copied or the run ended).
   */
  claimTrigger(claim: TriggerClaim): Promise<{ claimed: true } | { claimed: false; runId: string; settled: boolean }>;
  /** Marks a claimed firing settled: later deliveries of it have nothing left to do. */
  settleTrigger(importJobId: string, key: string): Promise<void>;
  /**
   * Claims a file for a run: true when the run holds it (newly, or already: a run resumed after a crash claims
   * its own files again); false when another run of the job holds it.
   */
  claimFile(claim: SourceFileClaim): Promise<boolean>;
  /**
   * Gives back the files a run claimed, where that run still holds them: a run that ended without importing a
   * row has imported none of its files, so its rerun (or the next run) picks them again.
   */
  releaseFiles(importJobId: string, runId: string, eTags: readonly string[]): Promise<void>;
}
