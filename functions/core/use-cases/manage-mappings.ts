import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { notFound } from '../errors';
import { parse } from '../validation';
import { READ_JOB_SCOPES, type Scope } from '../kinds';
import {
  checkMappingFields,
  MappingPatch,
  NewMappingInput,
  toMappingView,
  type Mapping,
  type MappingView,
} from '../mappings/mapping';
import type { Clock, IdGenerator, MappingRepository } from '../ports';

export interface MappingDeps {
  readonly mappings: MappingRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Changing mappings is for people who set up imports (§3); reading them needs any scope. */
const MANAGE_SCOPES: readonly Scope[] = ['import-jobs:manage'];
const READ_SCOPES: readonly Scope[] = [...READ_JOB_SCOPES, 'import-jobs:manage'];

export const ListQuery = z.object({ sort: z.enum(['createdAt', 'name']).default('createdAt') });

/** Another org's mapping answers exactly like a missing one (404, never 403). */
async function ownMapping(deps: MappingDeps, principal: Principal, id: string): Promise<Mapping> {
  const mapping = await deps.mappings.get(id);
  if (!mapping || mapping.orgId !== principal.orgId) throw notFound('Mapping');
  return mapping;
}

export async function createMapping(
  deps: MappingDeps,
  principal: Principal,
  input: unknown,
): Promise<{ success: true; mapping: MappingView }> {
  requireScope(principal, MANAGE_SCOPES);
  const fields = parse(NewMappingInput, input, 'mapping');
  checkMappingFields(fields);
  const now = deps.clock.now().toISOString();
  const mapping: Mapping = { id: deps.ids.newId(), orgId: principal.orgId, ...fields, createdAt: now, updatedAt: now };
  await deps.mappings.create(mapping);
  return { success: true, mapping: toMappingView(mapping) };
}

/** The org's mappings, newest first, or by name with `?sort=name`. */
export async function listMappings(
  deps: MappingDeps,
  principal: Principal,
  query: unknown,
): Promise<{ success: true; mappings: MappingView[] }> {
  requireScope(principal, READ_SCOPES);
  const { sort } = parse(ListQuery, query, 'query');
  const mappings = await deps.mappings.listByOrg(principal.orgId);
  if (sort === 'name') mappings.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { success: true, mappings: mappings.map(toMappingView) };
}

export async function getMapping(deps: MappingDeps, principal: Principal, id: string): Promise<{ success: true; mapping: MappingView }> {
  requireScope(principal, READ_SCOPES);
  return { success: true, mapping: toMappingView(await ownMapping(deps, principal, id)) };
}

/** PATCH: the fields sent replace the stored ones; the result must still be a valid mapping of its target. */
export async function updateMapping(
  deps: MappingDeps,
  principal: Principal,
  id: string,
  input: unknown,
): Promise<{ success: true; mapping: MappingView }> {
  requireScope(principal, MANAGE_SCOPES);
  const patch = parse(MappingPatch, input, 'mapping');
  const current = await ownMapping(deps, principal, id);
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const updated: Mapping = { ...current, ...changes, updatedAt: deps.clock.now().toISOString() };
  // A new target alone can make the stored columns wrong: check the whole result, not just the patch.
  checkMappingFields(updated);
  if (!(await deps.mappings.replace(updated))) throw notFound('Mapping');
  return { success: true, mapping: toMappingView(updated) };
}

export async function deleteMapping(deps: MappingDeps, principal: Principal, id: string): Promise<{ success: true; ok: true }> {
  requireScope(principal, MANAGE_SCOPES);
  if (!(await deps.mappings.delete(principal.orgId, id))) throw notFound('Mapping');
  return { success: true, ok: true };
}
