import { decideRunAlert, INITIAL_ALERT_STATE, REMEMBERED_RUNS, type AlertState } from '../../../functions/core/notifications/alert-policy';
import type { NotificationEvent } from '../../../functions/core/import-jobs/import-job';
import type { RunFailureCode, Run } from '../../../functions/core/runs/run';
import { createRunEndedPolicy } from '../../../functions/core/use-cases/on-run-ended';
import { createImportRunWorld, regularFire } from '../../support/import-run-world';
import { transactionLines } from '../../support/world';

type Outcome = Pick<Run, 'runId' | 'state' | 'phase' | 'failure'>;
const failed = (jobId: string, code: RunFailureCode = 'SOURCE_FILE_NOT_FOUND'): Outcome => ({ runId: jobId, state: 'failed', phase: 'failed', failure: { code, message: 'x' } });
const halted = (jobId: string, code: RunFailureCode = 'MAPPING_MISMATCH'): Outcome => ({ runId: jobId, state: 'failed', phase: 'halted', failure: { code, message: 'x' } });
const completed = (jobId: string): Outcome => ({ runId: jobId, state: 'completed', phase: 'completed', failure: null });
const partial = (jobId: string): Outcome => ({ runId: jobId, state: 'completed', phase: 'partially_completed', failure: null });

/** Decides a series of run endings as the run-ended policy does (each decision's state is written), and answers the emails. */
function emailsFor(runs: ReadonlyArray<Outcome & { haltsJob?: boolean }>, events: NotificationEvent[] = []): Array<string | null> {
  let state: AlertState = INITIAL_ALERT_STATE;
  return runs.map((run) => {
    const decision = decideRunAlert({ job: { notifications: { emails: ['ops@example.com'], events } }, run, state, jobHaltedNow: run.haltsJob === true });
    if (decision.next) state = decision.next;
    return decision.email ? `${decision.email}/${decision.reason}` : null;
  });
}

describe('Policy: decideRunAlert (which email an ended run of an import job sends)', () => {
  it('emails once when the runs start failing, and not for reruns that fail the same way', () => {
    expect(emailsFor([failed('r1'), failed('r2'), failed('r3'), failed('r4'), failed('r5'), failed('r6')])).toEqual([
      'run_failed/streak_started', null, null, null, null, null,
    ]);
  });

  it('emails again when the failure changes: another code, or failed becoming halted', () => {
    expect(emailsFor([failed('r1', 'ENCODING_ERROR'), failed('r2', 'SOURCE_FILE_NOT_FOUND'), halted('r3', 'SOURCE_FILE_NOT_FOUND'), halted('r4', 'SOURCE_FILE_NOT_FOUND')])).toEqual([
      'run_failed/streak_started', 'run_failed/failure_changed', 'run_halted/failure_changed', null,
    ]);
  });

  it('emails once when the job recovers, and stays quiet while it is healthy', () => {
    expect(emailsFor([completed('r0'), failed('r1'), failed('r2'), completed('r3'), completed('r4')])).toEqual([
      null, 'run_failed/streak_started', null, 'run_completed/recovered', null,
    ]);
  });

  it('treats runs with failed rows as a streak of their own: told when it starts and when it ends', () => {
    expect(emailsFor([partial('r1'), partial('r2'), completed('r3')])).toEqual([
      'run_partially_completed/streak_started', null, 'run_completed/recovered',
    ]);
  });

  it('after the system halted the job, tells the outcome of the next run whatever it is', () => {
    const sixHalts = [1, 2, 3, 4, 5, 6].map((n) => ({ ...halted(`r${n}`), haltsJob: n === 6 }));
    // The halt itself sends the "import job halted" email (on-run-ended.ts); the sixth run's own email stays quiet.
    expect(emailsFor([...sixHalts, halted('r7'), halted('r8')])).toEqual([
      'run_halted/streak_started', null, null, null, null, null, 'run_halted/after_job_halted', null,
    ]);
    expect(emailsFor([...sixHalts, completed('r7')]).at(-1)).toBe('run_completed/recovered');
  });

  it('with every_attempt, emails every ended run whose event is asked for', () => {
    expect(emailsFor([failed('r1'), failed('r2'), completed('r3'), completed('r4')], ['every_attempt'])).toEqual([
      'run_failed/every_attempt', 'run_failed/every_attempt', 'run_completed/every_attempt', 'run_completed/every_attempt',
    ]);
    expect(emailsFor([failed('r1'), failed('r2'), completed('r3')], ['every_attempt', 'run_failed'])).toEqual([
      'run_failed/every_attempt', 'run_failed/every_attempt', null,
    ]);
  });

  it('keeps to the events asked for, but tells whoever heard of the trouble that it ended', () => {
    expect(emailsFor([halted('r1'), failed('r2'), completed('r3')], ['run_failed'])).toEqual([null, 'run_failed/failure_changed', 'run_completed/recovered']);
    expect(emailsFor([halted('r1'), completed('r2')], ['run_failed'])).toEqual([null, null]);
    expect(emailsFor([failed('r1'), completed('r2')], ['import_job_halted'])).toEqual([null, null]);
  });

  it('decides a run told twice once, and remembers the last runs only', () => {
    // Arrange
    const job = { notifications: { emails: [], events: [] } };
    const first = decideRunAlert({ job, run: failed('r1'), state: INITIAL_ALERT_STATE, jobHaltedNow: false });
    // Act
    const again = decideRunAlert({ job, run: failed('r1'), state: first.next!, jobHaltedNow: false });
    let state = first.next!;
    for (let i = 0; i < REMEMBERED_RUNS + 5; i++) state = decideRunAlert({ job, run: failed(`x${i}`), state, jobHaltedNow: false }).next!;
    // Assert
    expect(first).toMatchObject({ email: 'run_failed', next: { signature: 'failed:SOURCE_FILE_NOT_FOUND', version: 1, decidedRunIds: ['r1'] } });
    expect(again).toEqual({ email: null, reason: 'already_decided', next: null });
    expect(state.decidedRunIds).toHaveLength(REMEMBERED_RUNS);
    expect(state.version).toBe(REMEMBERED_RUNS + 6);
  });

  it('says nothing of a cancelled run, and leaves the state as it was', () => {
    const cancelled: Outcome = { runId: 'r1', state: 'cancelled', phase: 'partially_completed', failure: null };
    expect(decideRunAlert({ job: { notifications: { emails: [], events: [] } }, run: cancelled, state: INITIAL_ALERT_STATE, jobHaltedNow: false })).toEqual({
      email: null, reason: 'not_announced', next: null,
    });
  });
});

describe('Policy: the run-ended policy sends the alerts it decides, once', () => {
  it('sends one email for a run and its 5 reruns that fail the same way, one when the job recovers, and none when told twice', async () => {
    // Arrange: an empty drop location
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ notifications: { emails: ['ops@example.com'], events: [] } });
    // Act
    const first = await world.fire(regularFire(job, '2026-11-25T09:00:00.000Z'));
    const reruns = await world.fireDueRetries();
    await world.deps.runEnded.runEnded((await world.deps.runs.get(first!))!); // a redelivered run-ended step
    await world.drop(job, 'orders-1.csv', transactionLines(2));
    const next = await world.fire(regularFire(job, '2026-11-26T09:00:00.000Z'));
    await world.deps.runEnded.runEnded((await world.deps.runs.get(next!))!);
    // Assert
    expect(reruns).toHaveLength(5);
    expect(world.mailer.sent.map((m) => m.subject)).toEqual([
      '[Batch import] Import job "Daily orders": run failed (attempt 1 of 6): SOURCE_FILE_NOT_FOUND',
      '[Batch import] Import job "Daily orders": recovered: run completed, 2 rows imported',
    ]);
    expect(world.mailer.sent[0]!.text).toContain('Reruns that end the same way send no further email');
    expect(world.mailer.sent[0]!.text).toContain(`Open the run: http://localhost:3000/jobs/${first}`);
    expect(world.mailer.sent[1]!.text).toContain('The trouble reported earlier is over.');
  });

  it('sends one email when two deciders race on the same run', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ notifications: { emails: ['ops@example.com'], events: [] } });
    const first = await world.fire(regularFire(job, '2026-11-25T09:00:00.000Z'));
    world.mailer.sent.length = 0;
    world.alerts.states.set(job.id, { ...INITIAL_ALERT_STATE, version: 1 }); // as if this run had never been decided
    const run = (await world.deps.runs.get(first!))!;
    // Two runs of one job that end at once still race on the alert state: its conditional write is checked here
    // without the claim per ended run (which would stop the second telling of this one run before it decides).
    const unclaimed = createRunEndedPolicy({ ...world.policyDeps, endedRuns: { claim: async () => true } });
    // Act: both read the same state before either writes
    await Promise.all([unclaimed.runEnded(run), unclaimed.runEnded(run)]);
    // Assert
    expect(world.mailer.sent).toHaveLength(1);
    expect(world.alerts.conflicts).toBeGreaterThanOrEqual(1);
  });
});
