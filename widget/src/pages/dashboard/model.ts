/**
 * The dashboard's pure logic: the period toolbar's query and its checks, band ranges, heatmap shading, the
 * "save a cell as a segment" form. No DOM, no I/O — unit-tested beside this file.
 */

export type Dimension = 'r' | 'f' | 'm';
export type Pair = 'rf' | 'fm' | 'rm';
export const PAIRS: readonly Pair[] = ['rf', 'fm', 'rm'];

/** What the toolbar holds: ISO days ('' = not set: today, or the whole look-back window) and a comparison length. */
export interface Period {
  asOf: string;
  from: string;
  to: string;
  compareDays: number;
}

export const COMPARE_CHOICES = [7, 30, 90, 365] as const;

export type PeriodProblem = 'future' | 'order' | 'afterAsOf';

/** Problems by field, checked before anything is sent; `today` is an ISO day. */
export function checkPeriod(period: Period, today: string): Partial<Record<'asOf' | 'from' | 'to', PeriodProblem>> {
  const problems: Partial<Record<'asOf' | 'from' | 'to', PeriodProblem>> = {};
  if (period.asOf && period.asOf > today) problems.asOf = 'future';
  if (period.from && period.to && period.from > period.to) problems.from = 'order';
  const limit = period.asOf || today;
  if (period.to && period.to > limit) problems.to = 'afterAsOf';
  else if (!period.to && period.from && period.from > limit) problems.from = 'afterAsOf';
  return problems;
}

/** The query for GET /v1/admin/dashboard: only what the marketer set. */
export function periodQuery(period: Period): Record<string, string | number | undefined> {
  return {
    asOf: period.asOf || undefined,
    from: period.from || undefined,
    to: period.to || undefined,
    compareDays: period.compareDays || undefined,
  };
}

/**
 * A band's range from its dimension's two thresholds: band 0 is `v ≤ t0`, band 1 `t0 < v ≤ t1`, band 2 `v > t1`
 * (edge/engine/rfm/SEMANTICS.md). Days and orders are whole numbers, so the middle band starts at t0 + 1.
 */
export type BandRange = { kind: 'atMost'; value: number } | { kind: 'between'; low: number; high: number } | { kind: 'above'; value: number };

export function bandRange(dimension: Dimension, index: number, thresholds: readonly (number | null)[]): BandRange | null {
  const [low, high] = thresholds;
  if (low == null || high == null) return null;
  if (index === 0) return { kind: 'atMost', value: low };
  if (index === 2) return { kind: 'above', value: high };
  const start = dimension === 'm' ? low : low + 1;
  return start > high ? null : { kind: 'between', low: start, high };
}

/** Thresholds of a dimension as the dashboard sends them: one per band, the last one null. */
export const thresholdsOf = (bands: readonly { threshold: number | null }[]) => bands.map((band) => band.threshold);

export interface HeatCell {
  contacts: number;
  revenue: number;
}
export type HeatMetric = 'contacts' | 'revenue';

/** 0…1 shading for each cell, relative to the largest cell of the same grid (an empty grid stays blank). */
export function heatLevels(grid: readonly (readonly HeatCell[])[], metric: HeatMetric): number[][] {
  const max = Math.max(0, ...grid.flat().map((cell) => cell[metric]));
  return grid.map((row) => row.map((cell) => (max > 0 ? Math.max(0, cell[metric]) / max : 0)));
}

/** The dimensions a heatmap crosses: its rows, then its columns. */
export const pairDimensions = (pair: Pair) => [pair[0], pair[1]] as [Dimension, Dimension];

/** A segment key from a name: lower case, German letters spelled out, anything else an underscore. */
export function segmentKeyFrom(name: string): string {
  const key = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const lettered = /^[a-z]/.test(key) ? key : key ? `s_${key}` : '';
  return lettered.slice(0, 64).replace(/_+$/, '');
}

export const SEGMENT_KEY = /^[a-z][a-z0-9_]{0,63}$/;
export type SegmentFormProblem = 'required' | 'tooLong' | 'pattern' | 'taken';

/** The same limits the edge's segment schema applies (edge/segments/schema.ts), so most mistakes never leave the page. */
export function checkSegmentForm(form: { name: string; key: string }, takenKeys: readonly string[] = []): Partial<Record<'name' | 'key', SegmentFormProblem>> {
  const problems: Partial<Record<'name' | 'key', SegmentFormProblem>> = {};
  const name = form.name.trim();
  if (!name) problems.name = 'required';
  else if (name.length > 120) problems.name = 'tooLong';
  if (!form.key) problems.key = 'required';
  else if (!SEGMENT_KEY.test(form.key)) problems.key = 'pattern';
  else if (takenKeys.includes(form.key)) problems.key = 'taken';
  return problems;
}

export type Direction = 'up' | 'down' | 'flat';

/** The change from a previous value: the difference, its ratio (null when there was nothing before) and direction. */
export function change(current: number, previous: number | null | undefined): { difference: number; ratio: number | null; direction: Direction } | null {
  if (previous == null || !Number.isFinite(previous)) return null;
  const difference = current - previous;
  return { difference, ratio: previous ? difference / Math.abs(previous) : null, direction: difference > 0 ? 'up' : difference < 0 ? 'down' : 'flat' };
}

/** Index of the largest value (the first when tied); -1 when there is nothing above zero. */
export function peakIndex(values: readonly number[]): number {
  let best = -1;
  values.forEach((value, index) => {
    if (value > 0 && (best < 0 || value > values[best]!)) best = index;
  });
  return best;
}

export const ratio = (part: number, whole: number) => (whole ? part / whole : 0);

export type PeakKind = 'month' | 'weekday' | 'hour';

/** A revenue bucket's name: 'YYYY-MM' → "Mar 26", weekday 0 = Monday → "Mon", hour 14 → "14:00". */
export function bucketLabel(kind: PeakKind, key: string | number, localeTag: string): string {
  if (kind === 'hour') return `${String(key).padStart(2, '0')}:00`;
  const day = kind === 'month' ? new Date(`${key}-01T12:00:00Z`) : new Date(Date.UTC(2024, 0, 1 + Number(key), 12));
  return Number.isNaN(day.getTime()) ? String(key) : new Intl.DateTimeFormat(localeTag, kind === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { weekday: 'short', timeZone: 'UTC' }).format(day);
}
