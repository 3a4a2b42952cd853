import type { AwsClients } from '../adapters/aws-clients';
import type { Config } from '../config';
import type { ImportJobRepository } from '../core/import-jobs/ports';
import type { Mailer } from '../core/notifications/ports';
import type { Scheduler } from '../core/scheduling/ports';
import type { Adapters } from './dependencies';

/** The adapters the run policy needs that other parts of the service provide. */
export interface RunPolicyPorts {
  readonly importJobs: ImportJobRepository;
  readonly scheduler: Scheduler;
  readonly mailer: Mailer;
}

/**
 * MERGE POINT: the import-job repository (DynamoDB), the EventBridge Scheduler adapter and the SES mailer are
 * built in other branches. Until they are plugged in here, every call fails loudly, and the run policy logs it
 * and goes on (a run never fails because of its emails or reruns).
 */
export function runPolicyPorts(_config: Config, _clients: AwsClients, _adapters: Adapters): RunPolicyPorts {
  const notWired = (what: string) => async (): Promise<never> => {
    throw new Error(`${what} is not wired: see functions/handlers/run-policy-ports.ts`);
  };
  return {
    importJobs: {
      create: notWired('The import-job repository'),
      get: notWired('The import-job repository'),
      listByOrg: notWired('The import-job repository'),
      replace: notWired('The import-job repository'),
      delete: notWired('The import-job repository'),
    },
    scheduler: { put: notWired('The Scheduler'), setEnabled: notWired('The Scheduler'), delete: notWired('The Scheduler') },
    mailer: { send: notWired('The Mailer') },
  };
}
