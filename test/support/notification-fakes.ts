import { INITIAL_ALERT_STATE, type AlertState } from '../../functions/core/notifications/alert-policy';
import { dashboardLinks } from '../../functions/core/notifications/links';
import type { AlertStateStore, EmailMessage, Mailer } from '../../functions/core/notifications/ports';
import type { OrgRecipientsStore } from '../../functions/core/notifications/recipients';
import type { ImportRunLedger, SourceFileClaim, TriggerClaim } from '../../functions/core/import-jobs/run-ledger';
import type { ScheduleDefinition, Scheduler } from '../../functions/core/scheduling/ports';
import { toSchedulerExpression } from '../../functions/adapters/scheduler/schedule-expression';

/** Keeps every email it is asked to send; `failWith` makes every send throw instead. */
export class RecordingMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  failWith: Error | undefined;
  async send(message: EmailMessage): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(structuredClone(message) as EmailMessage);
  }
  /** Emails whose subject contains `text`. */
  about(text: string): EmailMessage[] {
    return this.sent.filter((message) => message.subject.includes(text));
  }
}

/** Schedules in memory with the Scheduler port's contract, and a log of every call. */
export class RecordingScheduler implements Scheduler {
  readonly schedules = new Map<string, ScheduleDefinition>();
  readonly calls: Array<{ op: 'put' | 'setEnabled' | 'delete'; name: string }> = [];
  failWith: Error | undefined;

  async put(definition: ScheduleDefinition): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ op: 'put', name: definition.name });
    toSchedulerExpression(definition.timing); // refuses what the adapter refuses
    this.schedules.set(definition.name, structuredClone(definition) as ScheduleDefinition);
  }
  async setEnabled(name: string, enabled: boolean): Promise<boolean> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ op: 'setEnabled', name });
    const current = this.schedules.get(name);
    if (!current) return false;
    this.schedules.set(name, { ...current, enabled });
    return true;
  }
  async delete(name: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ op: 'delete', name });
    this.schedules.delete(name);
  }
  /**
   * Takes the enabled one-time schedules due by `now` out (as ActionAfterCompletion DELETE does once they fired)
   * and answers them, soonest first.
   */
  takeDueOnce(now: Date): ScheduleDefinition[] {
    const due = [...this.schedules.values()]
      .filter((s) => s.enabled && s.timing.type === 'once' && Date.parse(`${s.timing.at}Z`) <= now.getTime())
      .sort((a, b) => ((a.timing as { at: string }).at < (b.timing as { at: string }).at ? -1 : 1));
    for (const schedule of due) this.schedules.delete(schedule.name);
    return due;
  }
}

/** The import-run ledger in memory, with the same conditions as the DynamoDB adapter. */
export class InMemoryImportRunLedger implements ImportRunLedger {
  readonly triggers = new Map<string, TriggerClaim & { settled?: boolean }>();
  readonly files = new Map<string, SourceFileClaim>();
  async claimTrigger(claim: TriggerClaim) {
    const id = `${claim.importJobId}#${claim.key}`;
    const held = this.triggers.get(id);
    if (held) return { claimed: false as const, runId: held.runId, settled: held.settled === true };
    this.triggers.set(id, { ...claim });
    return { claimed: true as const };
  }
  async settleTrigger(importJobId: string, key: string): Promise<void> {
    const held = this.triggers.get(`${importJobId}#${key}`);
    // As the adapter's conditional update: settling a firing nobody claimed is an error.
    if (!held) throw new Error(`no trigger claim ${importJobId}#${key}`);
    held.settled = true;
  }
  async claimFile(claim: SourceFileClaim): Promise<boolean> {
    const id = `${claim.importJobId}#${claim.eTag}`;
    const held = this.files.get(id);
    if (held && held.runId !== claim.runId) return false;
    this.files.set(id, claim);
    return true;
  }
  async releaseFiles(importJobId: string, runId: string, eTags: readonly string[]): Promise<void> {
    for (const eTag of eTags) {
      const id = `${importJobId}#${eTag}`;
      if (this.files.get(id)?.runId === runId) this.files.delete(id);
    }
  }
}

/** Orgs' default recipients in memory. */
export class InMemoryOrgRecipients implements OrgRecipientsStore {
  readonly lists = new Map<string, string[]>();
  async forOrg(orgId: string): Promise<readonly string[]> {
    return this.lists.get(orgId) ?? [];
  }
  async setForOrg(orgId: string, emails: readonly string[]): Promise<void> {
    if (emails.length === 0) this.lists.delete(orgId);
    else this.lists.set(orgId, [...emails]);
  }
}

/** Import jobs' alert states in memory, with the DynamoDB adapter's version condition. */
export class InMemoryAlertStates implements AlertStateStore {
  readonly states = new Map<string, AlertState>();
  /** Writes refused because another write won (conditional check failed). */
  conflicts = 0;
  async get(importJobId: string): Promise<AlertState> {
    return structuredClone(this.states.get(importJobId) ?? INITIAL_ALERT_STATE);
  }
  async put(importJobId: string, next: AlertState, expectedVersion: number): Promise<boolean> {
    if ((this.states.get(importJobId)?.version ?? 0) !== expectedVersion) {
      this.conflicts++;
      return false;
    }
    this.states.set(importJobId, structuredClone(next));
    return true;
  }
}

/** The links the tests' emails carry: the local stack's default base URL. */
export const TEST_LINKS = dashboardLinks('http://localhost:3000');
