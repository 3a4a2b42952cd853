import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../core/ports';

export const systemClock: Clock = { now: () => new Date() };
export const uuidIds: IdGenerator = { newId: () => randomUUID() };
