/** ISO 4217 minor-unit exponents that are not 2; everything else has cents. */
const MINOR_UNIT_EXPONENT: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function minorUnitExponent(currency: string): number {
  return MINOR_UNIT_EXPONENT[currency.toUpperCase()] ?? 2;
}

export type MinorUnitsResult = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Converts an amount in major units (a number or a decimal string) to integer minor units exactly,
 * through its decimal text, so 19.99 becomes 1999 and never 1998.9999.
 */
export function toMinorUnits(amount: number | string, currency: string): MinorUnitsResult {
  const exponent = minorUnitExponent(currency);
  const text = typeof amount === 'number' ? numberToPlainText(amount) : amount.trim();
  if (text === null) return { ok: false, message: 'must be a finite number' };
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, message: 'must be a decimal number such as 19.99' };
  const [, sign, whole, fraction = ''] = match;
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > exponent) {
    return { ok: false, message: `has more decimals than ${currency.toUpperCase()} allows (${exponent})` };
  }
  const minor = Number(whole) * 10 ** exponent + Number(significantFraction.padEnd(exponent, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'is too large' };
  return { ok: true, minor: sign === '-' ? -minor : minor };
}

export function formatMinor(minor: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  return (minor / 10 ** exponent).toFixed(exponent);
}

function numberToPlainText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}
