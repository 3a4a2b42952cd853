import { z } from 'zod';
import { DomainError } from '../errors';
import type { JobKind } from '../kinds';
import { FIELDS } from '../records/fields';
import { validateColumnMapping } from '../records/mapping';
import type { ColumnMapping } from '../runs/run';

/** What a saved mapping is for (§2; vendor A.2 spells these exactly). */
export const MAPPING_TARGETS = ['transaction', 'entity_person', 'entity_company', 'entity_mixed', 'user_event'] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

/** The kind of batch job whose files a mapping of each target can read. */
export const KIND_BY_TARGET: Record<MappingTarget, JobKind> = {
  transaction: 'transaction_batch',
  entity_person: 'entity_automatic',
  entity_company: 'entity_automatic',
  entity_mixed: 'entity_automatic',
  user_event: 'user_event_batch',
};

/**
 * The job-kind words (§2) people also write for a target, accepted on input and stored as the target they stand
 * for. `entity_automatic` is the entity job that reads each row's `type`, which is what `entity_mixed` means.
 */
export const TARGET_BY_KIND: Readonly<Record<JobKind, MappingTarget>> = {
  transaction_batch: 'transaction',
  user_event_batch: 'user_event',
  entity_automatic: 'entity_mixed',
};

const TARGET_WORDS = `one of ${MAPPING_TARGETS.join(', ')}; the job kinds are accepted too: ${Object.entries(TARGET_BY_KIND)
  .map(([kind, target]) => `${kind} (= ${target})`)
  .join(', ')}`;

/** A target in either vocabulary, answered as the target; anything else names both vocabularies. */
const MappingTargetInput = z.preprocess(
  (value) => (typeof value === 'string' && Object.hasOwn(TARGET_BY_KIND, value) ? TARGET_BY_KIND[value as JobKind] : value),
  z.enum(MAPPING_TARGETS, { error: `target is ${TARGET_WORDS}` }),
);

/** A person or company target says what every row is, so a file for it needs no `type` column. */
const ENTITY_TYPE_BY_TARGET: Partial<Record<MappingTarget, 'person' | 'company'>> = {
  entity_person: 'person',
  entity_company: 'company',
};

/** Field → the value a row gets when it leaves that field empty. */
export type DefaultFields = Readonly<Record<string, string>>;

/** A saved column mapping of one org. */
export interface Mapping {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly target: MappingTarget;
  readonly columnMapping: ColumnMapping;
  readonly defaultFields: DefaultFields;
  /** The headers of the file the mapping was made from: a reference for people, never enforced. */
  readonly headersSnapshot: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A mapping as the API shows it: the org is implied by the key that asks. */
export type MappingView = Omit<Mapping, 'orgId'>;

export function toMappingView(mapping: Mapping): MappingView {
  const { orgId: _orgId, ...view } = mapping;
  return view;
}

// Bounds keep one mapping well inside a DynamoDB item (400 KB).
const MAX_COLUMNS = 500;
const MAX_NAME_CHARS = 200;

const columnMappingShape = z
  .record(z.string().min(1).max(MAX_NAME_CHARS), z.string().min(1).max(MAX_NAME_CHARS))
  .refine((value) => Object.keys(value).length <= MAX_COLUMNS, `at most ${MAX_COLUMNS} columns`);

const fields = {
  name: z.string().trim().min(1, 'name is 1-100 characters').max(100, 'name is 1-100 characters'),
  target: MappingTargetInput,
  columnMapping: columnMappingShape,
  defaultFields: z
    .record(z.string().min(1).max(MAX_NAME_CHARS), z.string().min(1).max(1000))
    .refine((value) => Object.keys(value).length <= MAX_COLUMNS, `at most ${MAX_COLUMNS} fields`),
  headersSnapshot: z.array(z.string().max(MAX_NAME_CHARS)).max(MAX_COLUMNS),
};

export const NewMappingInput = z.object({
  ...fields,
  defaultFields: fields.defaultFields.default({}),
  headersSnapshot: fields.headersSnapshot.default([]),
});
export type NewMappingInput = z.infer<typeof NewMappingInput>;

/** PATCH: any field of the mapping, at least one. */
export const MappingPatch = z
  .object(fields)
  .partial()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'send at least one field to change');
export type MappingPatch = z.infer<typeof MappingPatch>;

/**
 * Checks that a mapping only names fields its target's kind has: columns onto known fields (or `attributes.x`),
 * defaults for known fields, and no default `type` that contradicts a person or company target.
 */
export function checkMappingFields(mapping: Pick<Mapping, 'target' | 'columnMapping' | 'defaultFields'>): void {
  const kind = KIND_BY_TARGET[mapping.target];
  validateColumnMapping(kind, mapping.columnMapping);
  const known = new Set([...FIELDS[kind].required, ...FIELDS[kind].optional]);
  const unknownDefaults = Object.keys(mapping.defaultFields).filter((field) => !known.has(field));
  if (unknownDefaults.length > 0) {
    throw new DomainError('INVALID_MAPPING', 'defaultFields names unknown fields', { unknownFields: unknownDefaults, fields: [...known] });
  }
  const entityType = ENTITY_TYPE_BY_TARGET[mapping.target];
  const defaultType = mapping.defaultFields.type;
  if (entityType && defaultType !== undefined && defaultType !== entityType) {
    throw new DomainError('INVALID_MAPPING', `A ${mapping.target} mapping cannot default type to ${defaultType}`);
  }
}

/** The defaults a run applies: the saved ones, plus the entity type a person or company target implies. */
export function effectiveDefaults(mapping: Pick<Mapping, 'target' | 'defaultFields'>): DefaultFields {
  const entityType = ENTITY_TYPE_BY_TARGET[mapping.target];
  return entityType ? { type: entityType, ...mapping.defaultFields } : { ...mapping.defaultFields };
}
