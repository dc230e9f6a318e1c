import { utcFromLocal } from '../engine/time/index.ts';
import type { CsvRecord } from './csv.ts';

/** A purchase as the API takes it, with the line it came from. */
export interface ImportedPurchase {
  line: number;
  orderId: string;
  customerId: string;
  email?: string;
  /** major units as an exact decimal string */
  amount: string;
  currency: string;
  purchasedAt: string;
  attributes?: Record<string, string>;
}

export interface Rejected {
  line: number;
  reason: string;
}

export type Parsed = { purchase: ImportedPurchase } | { rejected: Rejected };

export interface PresetOptions {
  currency: string;
  timeZone: string;
  /** column names for the generic preset: which header holds what */
  columns?: Partial<Record<'orderId' | 'customerId' | 'email' | 'amount' | 'currency' | 'purchasedAt', string>>;
}

const LOCAL_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const US_LOCAL_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;

/** ISO with a zone passes through; a zone-less wall-clock time is read in `timeZone`. */
export function instantOf(text: string, timeZone: string): number | null {
  const trimmed = text.trim();
  let parts: number[] | null = null;
  const local = LOCAL_TIME.exec(trimmed);
  if (local) parts = [1, 2, 3, 4, 5, 6].map((index) => Number(local[index] ?? 0));
  const us = US_LOCAL_TIME.exec(trimmed);
  if (us) parts = [Number(us[3]), Number(us[1]), Number(us[2]), Number(us[4]), Number(us[5]), 0];
  if (parts) {
    const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
    return utcFromLocal(year, month, day, hour, minute, second, timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) return null;
  const instant = Date.parse(trimmed);
  return Number.isNaN(instant) ? null : instant;
}

/** Exact pence of quantity × unit price, rounded half up: decimal strings, no floating point. */
export function lineAmountMinor(quantity: string, unitPrice: string): number | null {
  if (!/^\d+$/.test(quantity.trim()) || !/^\d+(\.\d+)?$/.test(unitPrice.trim())) return null;
  const [whole, fraction = ''] = unitPrice.trim().split('.') as [string, string?];
  const scale = fraction.length;
  const priceScaled = Number(whole + fraction); // units of 10^-scale pounds
  const total = Number(quantity) * priceScaled; // 10^-scale pounds
  if (scale <= 2) return total * 10 ** (2 - scale);
  const divisor = 10 ** (scale - 2);
  return Math.floor((total * 2 + divisor) / (divisor * 2));
}

const formatMajor = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/**
 * An invoice stays open this many lines after its last line: in the UCI file one invoice (542806) is split by
 * a few lines of another, and reading it as two purchases would lose the second part as a "duplicate".
 */
const INVOICE_WINDOW_LINES = 1_000;

interface OpenInvoice {
  orderId: string;
  customerId: string;
  minor: number;
  at: number;
  line: number;
  lastLine: number;
  country: string;
}

/**
 * UCI Online Retail lines → one purchase per invoice, with the usual cleaning (the same as
 * db/demo/SOURCE.md): lines without a customer, cancellations (`C…` invoices), and non-positive quantities or
 * prices are rejected with their reason; an invoice's lines are summed; its time is its earliest line's.
 */
export async function* onlineRetail(records: AsyncIterable<CsvRecord>, options: PresetOptions): AsyncGenerator<Parsed> {
  let column: Record<string, number> | null = null;
  const open = new Map<string, OpenInvoice>();
  const purchaseOf = (invoice: OpenInvoice): Parsed => ({
    purchase: {
      line: invoice.line,
      orderId: invoice.orderId,
      customerId: invoice.customerId,
      amount: formatMajor(invoice.minor),
      currency: options.currency,
      purchasedAt: new Date(invoice.at).toISOString(),
      attributes: { country: invoice.country },
    },
  });
  for await (const record of records) {
    if (!column) {
      column = Object.fromEntries(record.fields.map((name, index) => [name.trim(), index]));
      const missing = ['InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'].filter((name) => !(name in column!));
      if (missing.length > 0) throw new Error(`not an Online Retail file: missing column(s) ${missing.join(', ')}`);
      continue;
    }
    for (const [orderId, invoice] of open) {
      if (invoice.lastLine >= record.line - INVOICE_WINDOW_LINES) break;
      open.delete(orderId);
      yield purchaseOf(invoice);
    }
    const cell = (name: string) => (record.fields[column![name]!] ?? '').trim();
    const invoiceNo = cell('InvoiceNo');
    const reject = (reason: string): Parsed => ({ rejected: { line: record.line, reason } });
    if (!cell('CustomerID')) {
      yield reject('no CustomerID');
      continue;
    }
    if (invoiceNo.startsWith('C')) {
      yield reject('cancellation invoice');
      continue;
    }
    const minor = lineAmountMinor(cell('Quantity'), cell('UnitPrice'));
    if (minor === null || Number(cell('Quantity')) <= 0 || Number(cell('UnitPrice')) <= 0) {
      yield reject(`quantity ${cell('Quantity')} or unit price ${cell('UnitPrice')} is not positive`);
      continue;
    }
    const at = instantOf(cell('InvoiceDate'), options.timeZone);
    if (at === null) {
      yield reject(`InvoiceDate ${JSON.stringify(cell('InvoiceDate'))} is not a date-time`);
      continue;
    }
    const customerId = cell('CustomerID').replace(/\.0$/, '');
    const invoice = open.get(invoiceNo);
    if (invoice && invoice.customerId !== customerId) {
      yield reject(`invoice ${invoiceNo} names two customers`);
      continue;
    }
    if (!invoice) {
      open.set(invoiceNo, { orderId: invoiceNo, customerId, minor, at, line: record.line, lastLine: record.line, country: cell('Country') });
      continue;
    }
    invoice.minor += minor;
    invoice.at = Math.min(invoice.at, at);
    // Keep the map ordered by last line, so the oldest invoices are closed first.
    open.delete(invoiceNo);
    invoice.lastLine = record.line;
    open.set(invoiceNo, invoice);
  }
  for (const invoice of open.values()) yield purchaseOf(invoice);
}

/** One row per order, columns by header name (`--column amount=Total` etc. to map others). */
export async function* generic(records: AsyncIterable<CsvRecord>, options: PresetOptions): AsyncGenerator<Parsed> {
  const names = { orderId: 'orderId', customerId: 'customerId', email: 'email', amount: 'amount', currency: 'currency', purchasedAt: 'purchasedAt', ...options.columns };
  let column: Record<string, number> | null = null;
  for await (const record of records) {
    if (!column) {
      column = Object.fromEntries(record.fields.map((name, index) => [name.trim(), index]));
      const missing = (['orderId', 'customerId', 'amount', 'purchasedAt'] as const).filter((key) => !(names[key] in column!));
      if (missing.length > 0) throw new Error(`missing column(s) ${missing.map((key) => names[key]).join(', ')}; map them with --column ${missing[0]}=<header>`);
      continue;
    }
    const cell = (key: keyof typeof names) => (names[key] in column! ? (record.fields[column![names[key]]!] ?? '').trim() : '');
    const at = instantOf(cell('purchasedAt'), options.timeZone);
    if (at === null) {
      yield { rejected: { line: record.line, reason: `${names.purchasedAt} ${JSON.stringify(cell('purchasedAt'))} is not a date-time` } };
      continue;
    }
    const purchase: ImportedPurchase = {
      line: record.line,
      orderId: cell('orderId'),
      customerId: cell('customerId'),
      amount: cell('amount'),
      currency: cell('currency') || options.currency,
      purchasedAt: new Date(at).toISOString(),
    };
    if (cell('email')) purchase.email = cell('email');
    yield { purchase };
  }
}
