/**
 * Band counts from a weighted distribution, for the band editor's live histogram: the edge sends, per dimension,
 * the values of the contacts who bought as weighted points (`GET /v1/admin/dashboard/distribution`), and the
 * browser recounts the bands for any dragged threshold or quantile with these functions — the same banding
 * (`bandFor`) and the same nearest-rank quantile (`quantileOffset`) the engine and the scheduled work use.
 * Pure, no I/O.
 */
import { bandFor, quantileOffset, type BandIndex, type DimensionBands } from './index.ts';

/** `contacts` contacts whose value (recency days, frequency, monetary minor units) is `value`. */
export interface WeightedPoint {
  value: number;
  contacts: number;
}

export interface PointOptions {
  /**
   * How many contacts at the start of the ascending distribution are counted in bands but are not part of the
   * quantile population. The edge resolves frequency and monetary quantiles among contacts with a purchase inside
   * the look-back window (frequency > 0), while bands count every contact who ever bought; the others all sit at
   * value 0, the lowest. The distribution endpoint says how many there are (`outsideQuantiles`).
   */
  outsideQuantiles?: number;
}

export function totalContacts(points: readonly WeightedPoint[]): number {
  let total = 0;
  for (const point of points) total += point.contacts;
  return total;
}

/**
 * The value at fraction `fraction` of the distribution by the engine's nearest-rank definition, as if every contact
 * were listed: the value at offset `quantileOffset(fraction, n)` of the ascending list. Null for an empty one.
 * Points need not be sorted or distinct.
 */
export function weightedQuantile(points: readonly WeightedPoint[], fraction: number, options: PointOptions = {}): number | null {
  const sorted = [...points].filter((point) => point.contacts > 0).sort((a, b) => a.value - b.value);
  const skip = Math.max(0, options.outsideQuantiles ?? 0);
  const n = totalContacts(sorted) - skip;
  if (n <= 0) return null;
  const offset = quantileOffset(fraction, n) + skip;
  let seen = 0;
  for (const point of sorted) {
    seen += point.contacts;
    if (offset < seen) return point.value;
  }
  return sorted[sorted.length - 1]!.value;
}

/**
 * A dimension's two cut points as values: fixed thresholds as they are, quantile fractions resolved against the
 * points. With no data to resolve from, `fallback` (e.g. the thresholds in force) is used.
 */
export function thresholdsFromPoints(
  bands: Pick<DimensionBands, 'mode' | 'thresholds'>,
  points: readonly WeightedPoint[],
  fallback: readonly [number, number],
  options: PointOptions = {},
): [number, number] {
  if (bands.mode === 'fixed') return [bands.thresholds[0], bands.thresholds[1]];
  return [
    weightedQuantile(points, bands.thresholds[0], options) ?? fallback[0],
    weightedQuantile(points, bands.thresholds[1], options) ?? fallback[1],
  ];
}

/** Contacts per band under value thresholds: at or below the first cut band 0, at or below the second band 1, else 2. */
export function countBands(points: readonly WeightedPoint[], thresholds: readonly [number, number]): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (const point of points) counts[bandFor(point.value, thresholds) as BandIndex] += point.contacts;
  return counts;
}

export interface BandRecount {
  /** the cut points as values */
  thresholds: [number, number];
  /** contacts per band, first to last */
  counts: [number, number, number];
  /** counts as fractions of all contacts in the points (0 when there are none) */
  shares: [number, number, number];
}

/** The live recount: a dimension's band configuration (fixed values or quantiles) over weighted points. */
export function bandCountsFromPoints(
  bands: Pick<DimensionBands, 'mode' | 'thresholds'>,
  points: readonly WeightedPoint[],
  fallback: readonly [number, number],
  options: PointOptions = {},
): BandRecount {
  const thresholds = thresholdsFromPoints(bands, points, fallback, options);
  const counts = countBands(points, thresholds);
  const total = counts[0] + counts[1] + counts[2];
  const share = (count: number) => (total === 0 ? 0 : count / total);
  return { thresholds, counts, shares: [share(counts[0]), share(counts[1]), share(counts[2])] };
}
