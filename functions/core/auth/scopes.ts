import { DomainError } from '../errors';
import type { Scope } from '../kinds';
import type { Principal } from './api-key';

/** Passes when the key holds at least one of `anyOf`; 403 otherwise (§3). */
export function requireScope(principal: Principal, anyOf: readonly Scope[]): void {
  if (!anyOf.some((scope) => principal.scopes.includes(scope))) {
    throw new DomainError('FORBIDDEN', `This API key lacks the scope: ${anyOf.join(' or ')}`, { required: anyOf });
  }
}
