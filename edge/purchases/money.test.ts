import { describe, expect, it } from 'vitest';
import { toMinorUnits } from './money.ts';

describe('toMinorUnits', () => {
  it.each([
    [19.99, 'EUR', 1999],
    ['19.99', 'EUR', 1999],
    ['1.10', 'EUR', 110],
    [1200, 'JPY', 1200],
    ['1.234', 'KWD', 1234],
    ['0', 'GBP', 0],
    [1e21, 'EUR', null],
  ])('%s %s → %s', (amount, currency, expected) => {
    const result = toMinorUnits(amount, currency);
    if (expected === null) expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, minor: expected });
  });

  it('refuses more decimals than the currency has', () => {
    expect(toMinorUnits('1.005', 'EUR')).toEqual({ ok: false, message: 'has more decimals than EUR allows (2)' });
    expect(toMinorUnits(5.5, 'JPY').ok).toBe(false);
  });

  it('refuses text that is not a plain decimal', () => {
    for (const bad of ['1,50', 'abc', '', '1.2.3', '+1', ' 1e3']) expect(toMinorUnits(bad, 'EUR').ok).toBe(false);
  });
});
