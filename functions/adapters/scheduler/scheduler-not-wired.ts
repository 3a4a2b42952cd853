import type { ScheduleDefinition, Scheduler } from '../../core/scheduling/ports';

/**
 * TEMPORARY, replaced at merge by the EventBridge Scheduler adapter (and its local stand-in). Until then every
 * call fails loudly, so an activate, pause, reactivate or delete of an activated job answers 500 and changes
 * nothing (the use cases roll the status back), instead of pretending a schedule exists.
 */
export class SchedulerNotWired implements Scheduler {
  async put(definition: ScheduleDefinition): Promise<void> {
    throw notWired(`put ${definition.name}`);
  }
  async setEnabled(name: string): Promise<boolean> {
    throw notWired(`setEnabled ${name}`);
  }
  async delete(name: string): Promise<void> {
    throw notWired(`delete ${name}`);
  }
}

function notWired(call: string): Error {
  return new Error(`Scheduler adapter not wired (${call}): functions/handlers/http/import-jobs.ts must be given one`);
}
