/**
 * The band editor's arithmetic, pure: the histogram's scale and bins, what a dragged position or an arrow key
 * makes of a threshold, switching between fixed and quantile thresholds, and the checks the API's schema makes
 * (edge/rfm/config-schema.ts) so problems show beside the field before anything is sent. Band counts themselves
 * come from the engine (edge/engine/rfm/band-counts.ts), the same code the edge uses.
 */
import { bandFor, type Dimension, type DimensionBands, type RfmConfig } from '../../../../edge/engine/rfm/index.ts';
import { thresholdsFromPoints, type WeightedPoint } from '../../../../edge/engine/rfm/band-counts.ts';

export const BINS = 48;

/** Recency is drawn on a linear axis; frequency and monetary, with their long tails, on a log axis. */
const logAxis = (dimension: Dimension) => dimension !== 'r';

export function axisMax(points: readonly WeightedPoint[]): number {
  let max = 1;
  for (const point of points) if (point.contacts > 0 && point.value > max) max = point.value;
  return max;
}

/** Position 0…1 of a value on the axis. */
export function position(dimension: Dimension, value: number, max: number): number {
  const at = logAxis(dimension) ? Math.log1p(Math.max(0, value)) / Math.log1p(max) : value / max;
  return Math.min(1, Math.max(0, at));
}

/** The value at a position 0…1 (the inverse of `position`). */
export function valueAt(dimension: Dimension, at: number, max: number): number {
  const clamped = Math.min(1, Math.max(0, at));
  return logAxis(dimension) ? Math.expm1(clamped * Math.log1p(max)) : clamped * max;
}

export interface Bin {
  contacts: number;
  /** the band most of the bin's contacts are in under the thresholds */
  band: number;
}

/** Contacts per bin along the axis, each bin coloured by the band most of its contacts fall in. */
export function bins(dimension: Dimension, points: readonly WeightedPoint[], thresholds: readonly [number, number], max: number): Bin[] {
  const perBand = Array.from({ length: BINS }, () => [0, 0, 0]);
  for (const point of points) {
    const bin = Math.min(BINS - 1, Math.floor(position(dimension, point.value, max) * BINS));
    const slot = perBand[bin]!;
    slot[bandFor(point.value, thresholds)] = (slot[bandFor(point.value, thresholds)] ?? 0) + point.contacts;
  }
  return perBand.map((counts) => ({ contacts: counts[0]! + counts[1]! + counts[2]!, band: counts.indexOf(Math.max(...counts)) }));
}

/** Where a cut line is drawn: between the last value of the lower band and the next. */
export const cutPosition = (dimension: Dimension, value: number, max: number) => position(dimension, value + 0.5, max);

/** Smallest step of a threshold: whole days and orders, one currency unit (100 minor units), one percent. */
export const stepOf = (dimension: Dimension, mode: DimensionBands['mode']) => (mode === 'quantile' ? 0.01 : dimension === 'm' ? 100 : 1);

/** The share (0…1) of the quantile population at or below `value`: what a quantile threshold dragged there is. */
export function fractionAt(points: readonly WeightedPoint[], value: number, outsideQuantiles = 0): number {
  let below = 0;
  let total = 0;
  for (const point of points) {
    total += point.contacts;
    if (point.value <= value) below += point.contacts;
  }
  const population = total - outsideQuantiles;
  return population > 0 ? Math.max(0, below - outsideQuantiles) / population : 0;
}

/** A threshold snapped to its step and kept at least one step away from the other cut, so the lines never cross. */
export function placeThreshold(bands: Pick<DimensionBands, 'mode' | 'thresholds'>, dimension: Dimension, index: 0 | 1, wanted: number): [number, number] {
  const step = stepOf(dimension, bands.mode);
  const snap = (value: number) => Math.round(Math.round(value / step) * step * 100) / 100;
  const upper = bands.mode === 'quantile' ? 1 - step : Infinity;
  const next: [number, number] = [bands.thresholds[0], bands.thresholds[1]];
  next[index] = index === 0 ? Math.min(Math.max(snap(wanted), bands.mode === 'quantile' ? step : 0), next[1] - step) : Math.max(Math.min(snap(wanted), upper), next[0] + step);
  next[index] = snap(next[index]);
  return next;
}

/**
 * The same cuts in the other mode: quantiles become the values they resolve to today, values become the share of
 * contacts at or below them (so switching does not move a line).
 */
export function switchMode(bands: DimensionBands, dimension: Dimension, points: readonly WeightedPoint[], fallback: readonly [number, number], outsideQuantiles = 0): DimensionBands {
  if (bands.mode === 'quantile') {
    const values = thresholdsFromPoints(bands, points, fallback, { outsideQuantiles });
    return { ...bands, mode: 'fixed', thresholds: [values[0], Math.max(values[1], values[0] + stepOf(dimension, 'fixed'))] };
  }
  // nearest rank: the share at or below a value, rounded down (to 0.01 %), resolves to that value again
  const fraction = (value: number) => Math.floor(fractionAt(points, value, outsideQuantiles) * 1e4 + 1e-9) / 1e4;
  const low = Math.min(0.98, Math.max(0.01, fraction(bands.thresholds[0])));
  return { ...bands, mode: 'quantile', thresholds: [low, Math.min(0.99, Math.max(low + 0.01, fraction(bands.thresholds[1])))] };
}

// ---------------------------------------------------------------------------------------------------------------
// Checks, as the API makes them

export type BandProblem = 'order' | 'quantileRange' | 'negative' | 'keyShape' | 'keyTwice' | 'labelRequired' | 'windowRange';
/** Problems by place: `r.thresholds`, `f.names.1.key`, `m.names.0.label`, `windowDays`. */
export type BandProblems = Record<string, BandProblem>;

export const BAND_KEY = /^[a-z][a-z0-9_]{0,31}$/;

export function checkConfig(config: RfmConfig): BandProblems {
  const problems: BandProblems = {};
  for (const dimension of ['r', 'f', 'm'] as const) {
    const { mode, names, thresholds } = config.bands[dimension];
    const [low, high] = thresholds;
    const place = `${dimension}.thresholds`;
    if (!Number.isFinite(low) || !Number.isFinite(high) || low < 0 || high < 0) problems[place] = 'negative';
    else if (low >= high) problems[place] = 'order';
    else if (mode === 'quantile' && high >= 1) problems[place] = 'quantileRange';
    names.forEach((name, index) => {
      if (!BAND_KEY.test(name.key)) problems[`${dimension}.names.${index}.key`] = 'keyShape';
      else if (names.findIndex((other) => other.key === name.key) < index) problems[`${dimension}.names.${index}.key`] = 'keyTwice';
      if (!name.label.trim() || name.label.length > 60) problems[`${dimension}.names.${index}.label`] = 'labelRequired';
    });
  }
  const window = config.windowDays;
  if (window !== null && (!Number.isInteger(window) || window < 1 || window > 3650)) problems.windowDays = 'windowRange';
  return problems;
}
