import { RowEvaluator, recordKey } from '../../../functions/core/records/evaluate-row';
import type { JobKind } from '../../../functions/core/kinds';

const context = (kind: JobKind, header?: string[], columnMapping: Record<string, string> | null = null) =>
  new RowEvaluator({ kind, orgId: 'org-a', namespace: 'default', runId: 'job-1', columnMapping, header });

describe('Class: RowEvaluator', () => {
  it('maps header names loosely (tax_id, Tax ID) and sends unknown columns to attributes', () => {
    const evaluator = context('entity_automatic', ['Tax ID', 'TYPE', 'country', 'segment']);
    const result = evaluator.evaluate({ n: 2, cells: ['20-1', 'Company', 'ar', 'gold'] });
    expect(result).toEqual({
      ok: true,
      record: expect.objectContaining({
        key: 'ENTITY#20-1',
        rowNumber: 2,
        data: { taxId: '20-1', type: 'company', country: 'AR', attributes: { segment: 'gold' } },
      }),
    });
  });

  it('applies a column mapping, including onto attributes', () => {
    const evaluator = context('transaction_batch', ['id', 'value', 'ccy', 'when', 'channel'], {
      id: 'externalId',
      value: 'amount',
      ccy: 'currency',
      when: 'occurredAt',
      channel: 'attributes.source',
    });
    const result = evaluator.evaluate({ n: 2, cells: ['t1', '10.50', 'eur', '2026-01-02', 'web'] });
    expect(result.ok && result.record.data).toEqual({
      externalId: 't1',
      amount: '10.50',
      currency: 'EUR',
      occurredAt: '2026-01-02',
      attributes: { source: 'web' },
    });
  });

  it('keeps amounts exact as decimal strings', () => {
    const evaluator = context('transaction_batch', ['externalId', 'amount', 'currency', 'occurredAt']);
    const result = evaluator.evaluate({ n: 2, cells: ['t', '12345678901234567890.123456789', 'USD', '2026-01-02T00:00:00Z'] });
    expect(result.ok && result.record.data.amount).toBe('12345678901234567890.123456789');
  });

  it.each([
    ['a missing required field', ['', 'person'], 'taxId', 'taxId is required'],
    ['a bad enum', ['1', 'robot'], 'type', 'type must be person or company'],
  ])('fails a row with %s, naming the field', (_, cells, field, message) => {
    const result = context('entity_automatic', ['taxId', 'type']).evaluate({ n: 7, cells });
    expect(result).toEqual({
      ok: false,
      problem: expect.objectContaining({ rowNumber: 7, outcome: 'failed', code: 'VALIDATION_ERROR', field, message }),
    });
  });

  it('reports the offending value and the original cells', () => {
    const result = context('transaction_batch', ['externalId', 'amount', 'currency', 'occurredAt']).evaluate({
      n: 3,
      cells: ['t9', '12,50', 'USD', '2026-01-02'],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatchObject({ field: 'amount', value: '12,50', externalId: 't9', cells: ['t9', '12,50', 'USD', '2026-01-02'] });
    }
  });

  it('fails a row whose column count differs from the header as MALFORMED_ROW', () => {
    const result = context('entity_automatic', ['taxId', 'type']).evaluate({ n: 4, cells: ['1'] });
    expect(result).toMatchObject({ ok: false, problem: { code: 'MALFORMED_ROW', message: 'Expected 2 columns, found 1' } });
  });

  it('validates JSON items the same way, numbers becoming strings', () => {
    const evaluator = context('user_event_batch');
    const ok = evaluator.evaluate({ n: 1, item: { eventType: 'login', userId: 42, occurredAt: '2026-11-01T10:00:00Z', ip: '10.0.0.1' } });
    expect(ok.ok && ok.record.data).toEqual({ eventType: 'login', userId: '42', occurredAt: '2026-11-01T10:00:00Z', ip: '10.0.0.1' });
    const bad = evaluator.evaluate({ n: 2, item: { eventType: 'login', userId: 'u', occurredAt: 'yesterday' } });
    expect(bad).toMatchObject({ ok: false, problem: { code: 'VALIDATION_ERROR', field: 'occurredAt' } });
  });
});

describe('Function: recordKey', () => {
  it('keys user events without an eventId by a hash that ignores key order', () => {
    const a = recordKey('user_event_batch', { eventType: 'x', userId: 'u', occurredAt: '2026-01-01' });
    const b = recordKey('user_event_batch', { occurredAt: '2026-01-01', userId: 'u', eventType: 'x' });
    const c = recordKey('user_event_batch', { occurredAt: '2026-01-02', userId: 'u', eventType: 'x' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(recordKey('user_event_batch', { eventId: 'e1' })).toBe('EVENT#e1');
  });
});
