import type { components } from '../../../../client';
import type { JobKind } from './job-words';

export type Mapping = components['schemas']['Mapping'];
export type MappingTarget = Mapping['target'];

export const MAPPING_TARGETS: readonly MappingTarget[] = ['transaction', 'entity_person', 'entity_company', 'entity_mixed', 'user_event'];

const TARGET_WORDS: Record<MappingTarget, string> = {
  transaction: 'Transactions',
  entity_person: 'Entities: people',
  entity_company: 'Entities: companies',
  entity_mixed: 'Entities: people and companies (a type column)',
  user_event: 'User events',
};

export function targetInWords(target: MappingTarget): string {
  return TARGET_WORDS[target] ?? target;
}

const KIND_OF_TARGET: Record<MappingTarget, JobKind> = {
  transaction: 'transaction_batch',
  entity_person: 'entity_automatic',
  entity_company: 'entity_automatic',
  entity_mixed: 'entity_automatic',
  user_event: 'user_event_batch',
};

/** The mappings an upload of this kind can use (§2: a mapping's target says which files it reads). */
export function mappingsForKind(mappings: readonly Mapping[], kind: JobKind): Mapping[] {
  return mappings.filter((mapping) => KIND_OF_TARGET[mapping.target] === kind);
}

/** The record fields of each target's kind (§5), offered as suggestions; `attributes.<name>` is accepted too. */
export const FIELDS_BY_TARGET: Record<MappingTarget, readonly string[]> = {
  transaction: ['externalId', 'amount', 'currency', 'occurredAt', 'type', 'status', 'originTaxId', 'destinationTaxId', 'description'],
  entity_person: ['taxId', 'type', 'name', 'country', 'externalId', 'email', 'phone'],
  entity_company: ['taxId', 'type', 'name', 'country', 'externalId', 'email', 'phone'],
  entity_mixed: ['taxId', 'type', 'name', 'country', 'externalId', 'email', 'phone'],
  user_event: ['eventType', 'userId', 'occurredAt', 'eventId', 'ip', 'deviceId'],
};
