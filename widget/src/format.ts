import { locale } from './i18n.ts';

/** Money arrives in minor units (pence, cents). */
export function money(minor: number, currency: string, options: { compact?: boolean } = {}): string {
  try {
    return new Intl.NumberFormat(locale(), {
      style: 'currency',
      currency,
      notation: options.compact ? 'compact' : 'standard',
      maximumFractionDigits: options.compact ? 1 : 2,
    }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export const count = (value: number) => new Intl.NumberFormat(locale()).format(value);
export const percent = (share: number, digits = 1) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(share);
export const date = (value: string | number | Date) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(value));
export const dateTime = (value: string | number | Date) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
export const isoDay = (value: Date) => value.toISOString().slice(0, 10);
