import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { parse } from '../validation';
import { READ_JOB_SCOPES, type Scope } from '../kinds';
import type { Clock } from '../ports';
import type { QuotaKey, QuotaStore } from '../quota/ports';
import { Limit, monthOf, Namespace, toQuotaView, type QuotaView } from '../quota/quota';

export interface QuotaManagementDeps {
  readonly quotas: QuotaStore;
  /** MONTHLY_ROW_LIMIT: the limit of a namespace that has none of its own. */
  readonly monthlyRowLimit: number;
  readonly clock: Clock;
}

/** Setting a limit is for people who set up imports (§9); reading it takes any scope. */
const MANAGE_SCOPES: readonly Scope[] = ['import-jobs:manage'];
const READ_SCOPES: readonly Scope[] = [...READ_JOB_SCOPES, 'import-jobs:manage'];

export const QuotaQuery = z.object({ namespace: Namespace });
export const NewLimit = z.object({ namespace: Namespace, limit: Limit }).strict();

/** `GET /batch-import/quota?namespace=`: the caller's org's namespace in the current UTC month. */
export async function getQuota(
  deps: QuotaManagementDeps,
  principal: Principal,
  query: unknown,
): Promise<{ success: true } & QuotaView> {
  requireScope(principal, READ_SCOPES);
  const { namespace } = parse(QuotaQuery, query, 'query');
  return { success: true, ...(await currentQuota(deps, { orgId: principal.orgId, namespace })) };
}

/** `PUT /batch-import/quota { namespace, limit }`: the namespace's limit from now on, this month included. */
export async function setQuota(
  deps: QuotaManagementDeps,
  principal: Principal,
  body: unknown,
): Promise<{ success: true } & QuotaView> {
  requireScope(principal, MANAGE_SCOPES);
  const { namespace, limit } = parse(NewLimit, body, 'quota');
  const key = { orgId: principal.orgId, namespace };
  await deps.quotas.setLimit(key, limit, deps.clock.now().toISOString());
  return { success: true, ...(await currentQuota(deps, key)) };
}

async function currentQuota(deps: QuotaManagementDeps, key: QuotaKey): Promise<QuotaView> {
  const month = monthOf(deps.clock.now());
  const [limit, used] = await Promise.all([deps.quotas.getLimit(key), deps.quotas.getUsed(key, month)]);
  return toQuotaView(key.namespace, month, limit ?? deps.monthlyRowLimit, used);
}
