import { RowEvaluator } from '../../../functions/core/records/evaluate-row';
import { isCountryCode, isCurrencyCode } from '../../../functions/core/records/iso-codes';

const transactions = new RowEvaluator({
  kind: 'transaction_batch',
  orgId: 'org-a',
  namespace: 'default',
  runId: 'job-1',
  columnMapping: null,
  header: ['externalId', 'amount', 'currency', 'occurredAt'],
});
const entities = new RowEvaluator({ kind: 'entity_automatic', orgId: 'org-a', namespace: 'default', runId: 'job-1', columnMapping: null, header: ['taxId', 'type', 'country'] });

describe('Record schemas: currency and country codes from the ISO lists', () => {
  it.each(['XYZ', 'BAD', 'ABC', 'EURO', 'EU', 'XXX', '123'])('fails the currency %j as VALIDATION_ERROR naming the field', (currency) => {
    const result = transactions.evaluate({ n: 2, cells: ['t1', '1.00', currency, '2026-11-01'] });
    expect(result).toEqual({
      ok: false,
      problem: expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'currency', value: currency, message: 'currency must be an ISO 4217 currency code' }),
    });
  });

  it.each([
    ['EUR', 'EUR'],
    ['usd', 'USD'],
    [' jPy ', 'JPY'],
    ['ars', 'ARS'],
  ])('takes the currency %j in any case and stores %j', (currency, stored) => {
    const result = transactions.evaluate({ n: 2, cells: ['t1', '1.00', currency, '2026-11-01'] });
    expect(result.ok && result.record.data.currency).toBe(stored);
  });

  it.each(['ZZ', 'UK', 'XX', 'DEU', 'D', '12'])('fails the country %j as VALIDATION_ERROR naming the field', (country) => {
    const result = entities.evaluate({ n: 3, cells: ['20-1', 'person', country] });
    expect(result).toEqual({
      ok: false,
      problem: expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'country', message: 'country must be an ISO 3166-1 alpha-2 country code' }),
    });
  });

  it.each([
    ['ar', 'AR'],
    ['GB', 'GB'],
    ['De', 'DE'],
  ])('takes the country %j in any case and stores %j', (country, stored) => {
    const result = entities.evaluate({ n: 3, cells: ['20-1', 'person', country] });
    expect(result.ok && result.record.data.country).toBe(stored);
  });

  it('knows the lists whole, without any locale registered', () => {
    expect(['USD', 'EUR', 'GBP', 'BRL', 'CHF', 'CNY', 'INR'].every(isCurrencyCode)).toBe(true);
    expect(['US', 'AR', 'FR', 'JP', 'ZA', 'NZ', 'AQ'].every(isCountryCode)).toBe(true);
  });
});
