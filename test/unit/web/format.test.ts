import { formatInstant, formatPercent, statusInWords } from '../../../web/src/components/format';

describe('Dashboard formatting', () => {
  it('shows an instant in a given time zone, with the zone named (Intl refuses timeZoneName beside dateStyle)', () => {
    expect(formatInstant('2026-12-07T08:00:00.000Z', 'Europe/Paris')).toBe('7 Dec 2026, 09:00 CET');
    expect(formatInstant('2026-07-07T08:00:00.000Z', 'America/New_York')).toBe('7 Jul 2026, 04:00 GMT-4');
  });

  it('answers a dash for no instant and the text itself for one it cannot read', () => {
    expect(formatInstant(null)).toBe('–');
    expect(formatInstant('not a time')).toBe('not a time');
  });

  it('puts status words and percentages in words a person reads', () => {
    expect(statusInWords('partially_completed')).toBe('Partially completed');
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(1, 200)).toBe('0.5%');
    expect(formatPercent(0, 0)).toBe('0%');
  });
});
