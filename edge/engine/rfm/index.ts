/**
 * The RFM engine: pure functions from purchases and configuration to per-contact state.
 * The exact semantics, with worked examples, are in SEMANTICS.md beside this file; `edge/rfm/state-sql.ts`
 * restates bands, scores and named segments in SQL, and a property test keeps the two in agreement.
 */

export { bandCountsFromPoints, countBands, thresholdsFromPoints, weightedQuantile, type BandRecount, type WeightedPoint } from './band-counts.ts';

export type Dimension = 'r' | 'f' | 'm';
export const DIMENSIONS: readonly Dimension[] = ['r', 'f', 'm'];

/** 0 = the first band (short recency, occasional, thrifty), 2 = the last (long, often, premium). */
export type BandIndex = 0 | 1 | 2;
export type Score = 1 | 2 | 3 | 4 | 5;

export interface BandName {
  key: string;
  label: string;
}

export interface DimensionBands {
  /** fixed: thresholds are values (days, orders, minor units); quantile: fractions of the current distribution. */
  mode: 'fixed' | 'quantile';
  names: [BandName, BandName, BandName];
  /** A value at or below thresholds[0] is in band 0, at or below thresholds[1] in band 1, above in band 2. */
  thresholds: [number, number];
}

export interface RfmConfig {
  /** Look-back window for frequency and monetary in calendar days; null = all time. */
  windowDays: number | null;
  bands: { r: DimensionBands; f: DimensionBands; m: DimensionBands };
  /** quantile: 1–5 scores from the distribution's quintiles; fixed: from `scoreCutpoints`. */
  scoreMode: 'quantile' | 'fixed';
  scoreCutpoints?: { r: Cutpoints; f: Cutpoints; m: Cutpoints };
}

export type Cutpoints = [number, number, number, number];

/** Thresholds as values, whatever the configured mode: what bands and scores are computed with. */
export interface ResolvedThresholds {
  bands: { r: [number, number]; f: [number, number]; m: [number, number] };
  scores: { r: Cutpoints; f: Cutpoints; m: Cutpoints };
  computedAt: number;
}

export interface RfmAggregate {
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  lastPurchaseDay: number | null;
  frequency: number;
  monetary: number;
}

export interface RfmState extends RfmAggregate {
  recencyDays: number | null;
  scores: { r: Score; f: Score; m: Score };
  bands: { r: BandIndex; f: BandIndex; m: BandIndex };
  bandKeys: { r: string; f: string; m: string };
  named: NamedSegmentKey | null;
}

export const DEFAULT_RFM_CONFIG: RfmConfig = {
  windowDays: 365,
  bands: {
    r: {
      mode: 'fixed',
      names: [
        { key: 'short', label: 'Short' },
        { key: 'medium', label: 'Medium' },
        { key: 'long', label: 'Long' },
      ],
      thresholds: [30, 90],
    },
    f: {
      mode: 'fixed',
      names: [
        { key: 'occasional', label: 'Occasional' },
        { key: 'regular', label: 'Regular' },
        { key: 'often', label: 'Often' },
      ],
      thresholds: [1, 3],
    },
    m: {
      mode: 'quantile',
      names: [
        { key: 'thrifty', label: 'Thrifty' },
        { key: 'average', label: 'Average' },
        { key: 'premium', label: 'Premium' },
      ],
      thresholds: [0.5, 0.9],
    },
  },
  scoreMode: 'quantile',
};

/** Used while a quantile has no data to come from (a new workspace) and nothing was resolved before. */
export const FALLBACK_THRESHOLDS: Omit<ResolvedThresholds, 'computedAt'> = {
  bands: { r: [30, 90], f: [1, 3], m: [5_000, 20_000] },
  scores: { r: [7, 30, 90, 180], f: [1, 2, 3, 5], m: [2_000, 5_000, 10_000, 25_000] },
};

export const SCORE_QUANTILES = [0.2, 0.4, 0.6, 0.8] as const;

export function bandFor(value: number, [lower, upper]: readonly [number, number]): BandIndex {
  if (value <= lower) return 0;
  if (value <= upper) return 1;
  return 2;
}

/** Frequency and monetary: more is better, so a value at or below the first cut point scores 1. */
export function scoreFor(value: number, cuts: readonly number[]): Score {
  for (let index = 0; index < 4; index++) if (value <= cuts[index]!) return (index + 1) as Score;
  return 5;
}

/** Recency: fewer days is better, so a recency at or below the first cut point scores 5. */
export function recencyScoreFor(recencyDays: number | null, cuts: readonly number[]): Score {
  if (recencyDays === null) return 1;
  return (6 - scoreFor(recencyDays, cuts)) as Score;
}

/**
 * Nearest-rank quantile: the offset, in a distribution sorted ascending, of the value at fraction `q` of `n`.
 * The small epsilon keeps products such as 0.6 × 5 = 3.0000000000000004 from rounding up a rank.
 */
export function quantileOffset(q: number, n: number): number {
  if (n <= 0) return 0;
  const rank = Math.ceil(q * n - 1e-9);
  return Math.min(n - 1, Math.max(0, rank - 1));
}

export interface QuantileNeed {
  dimension: Dimension;
  fraction: number;
}

/** The quantiles of the distribution that resolving this configuration reads. */
export function quantilesNeeded(config: RfmConfig): QuantileNeed[] {
  const needs: QuantileNeed[] = [];
  for (const dimension of DIMENSIONS) {
    const fractions = new Set<number>();
    const bands = config.bands[dimension];
    if (bands.mode === 'quantile') bands.thresholds.forEach((fraction) => fractions.add(fraction));
    if (config.scoreMode === 'quantile') SCORE_QUANTILES.forEach((fraction) => fractions.add(fraction));
    for (const fraction of [...fractions].sort((a, b) => a - b)) needs.push({ dimension, fraction });
  }
  return needs;
}

/**
 * Resolves thresholds to values. `valueAt(dimension, fraction)` reads the distribution (recency in days,
 * frequency, monetary, each among contacts with a counted purchase); null means no data, and then the
 * previously resolved value is kept (or a fallback for a new workspace).
 */
export function resolveThresholdsWith(
  config: RfmConfig,
  previous: ResolvedThresholds | null | undefined,
  now: number,
  valueAt: (dimension: Dimension, fraction: number) => number | null,
): ResolvedThresholds {
  const bands = {} as ResolvedThresholds['bands'];
  const scores = {} as ResolvedThresholds['scores'];
  for (const dimension of DIMENSIONS) {
    const configured = config.bands[dimension];
    const previousBands = previous?.bands[dimension] ?? FALLBACK_THRESHOLDS.bands[dimension];
    bands[dimension] =
      configured.mode === 'fixed'
        ? [configured.thresholds[0], configured.thresholds[1]]
        : [
            valueAt(dimension, configured.thresholds[0]) ?? previousBands[0],
            valueAt(dimension, configured.thresholds[1]) ?? previousBands[1],
          ];
    const previousScores = previous?.scores[dimension] ?? FALLBACK_THRESHOLDS.scores[dimension];
    if (config.scoreMode === 'fixed' && config.scoreCutpoints) {
      scores[dimension] = [...config.scoreCutpoints[dimension]];
    } else {
      scores[dimension] = SCORE_QUANTILES.map((fraction, index) => valueAt(dimension, fraction) ?? previousScores[index]!) as Cutpoints;
    }
  }
  return { bands, scores, computedAt: now };
}

export interface SortedDistribution {
  /** Each ascending, one entry per contact with a counted purchase. */
  recencyDays: readonly number[];
  frequency: readonly number[];
  monetary: readonly number[];
}

export function resolveThresholds(
  config: RfmConfig,
  distribution: SortedDistribution,
  now: number,
  previous?: ResolvedThresholds | null,
): ResolvedThresholds {
  const series: Record<Dimension, readonly number[]> = { r: distribution.recencyDays, f: distribution.frequency, m: distribution.monetary };
  return resolveThresholdsWith(config, previous, now, (dimension, fraction) => {
    const values = series[dimension];
    return values.length === 0 ? null : values[quantileOffset(fraction, values.length)]!;
  });
}

export interface PurchaseFact {
  purchasedAt: number;
  /** Local calendar day of `purchasedAt` in the workspace's time zone. */
  day: number;
  /** Minor units of the workspace currency. */
  amount: number;
  status: string;
}

/**
 * Counted purchases are completed ones on or before `asOfDay`. Recency, first and last purchase look at all of
 * them; frequency and monetary only at those inside the window (asOfDay − day < windowDays).
 */
export function aggregatePurchases(purchases: readonly PurchaseFact[], asOfDay: number, windowDays: number | null): RfmAggregate {
  const aggregate: RfmAggregate = { firstPurchaseAt: null, lastPurchaseAt: null, lastPurchaseDay: null, frequency: 0, monetary: 0 };
  for (const purchase of purchases) {
    if (purchase.status !== 'completed' || purchase.day > asOfDay) continue;
    if (aggregate.firstPurchaseAt === null || purchase.purchasedAt < aggregate.firstPurchaseAt) aggregate.firstPurchaseAt = purchase.purchasedAt;
    if (aggregate.lastPurchaseAt === null || purchase.purchasedAt > aggregate.lastPurchaseAt) aggregate.lastPurchaseAt = purchase.purchasedAt;
    if (aggregate.lastPurchaseDay === null || purchase.day > aggregate.lastPurchaseDay) aggregate.lastPurchaseDay = purchase.day;
    if (windowDays === null || asOfDay - purchase.day < windowDays) {
      aggregate.frequency += 1;
      aggregate.monetary += purchase.amount;
    }
  }
  return aggregate;
}

export function rfmState(aggregate: RfmAggregate, asOfDay: number, thresholds: ResolvedThresholds, config: RfmConfig): RfmState {
  const recencyDays = aggregate.lastPurchaseDay === null ? null : asOfDay - aggregate.lastPurchaseDay;
  const scores = {
    r: recencyScoreFor(recencyDays, thresholds.scores.r),
    f: scoreFor(aggregate.frequency, thresholds.scores.f),
    m: scoreFor(aggregate.monetary, thresholds.scores.m),
  };
  const bands = {
    r: recencyDays === null ? 2 : bandFor(recencyDays, thresholds.bands.r),
    f: bandFor(aggregate.frequency, thresholds.bands.f),
    m: bandFor(aggregate.monetary, thresholds.bands.m),
  } as const;
  return {
    ...aggregate,
    recencyDays,
    scores,
    bands,
    bandKeys: {
      r: config.bands.r.names[bands.r].key,
      f: config.bands.f.names[bands.f].key,
      m: config.bands.m.names[bands.m].key,
    },
    named: recencyDays === null ? null : namedSegmentFor(scores.r, scores.f, scores.m),
  };
}

export type NamedSegmentKey =
  | 'champions'
  | 'loyal'
  | 'potential_loyalist'
  | 'new'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'cant_lose_them'
  | 'at_risk'
  | 'lost'
  | 'hibernating';

export interface NamedSegment {
  key: NamedSegmentKey;
  label: string;
  /** Inclusive recency-score range. */
  r: [number, number];
  /** Inclusive range of the combined frequency–monetary score, fm = floor((f + m + 1) / 2). */
  fm: [number, number];
}

/**
 * The classic named segments on the recency × frequency-monetary grid, in precedence order: the first whose
 * ranges contain the contact's scores wins. Every one of the 25 cells has a segment and each segment owns at least
 * one cell (SEMANTICS.md draws the grid).
 */
export const NAMED_SEGMENTS: readonly NamedSegment[] = [
  { key: 'champions', label: 'Champions', r: [5, 5], fm: [4, 5] },
  { key: 'loyal', label: 'Loyal', r: [3, 4], fm: [4, 5] },
  { key: 'potential_loyalist', label: 'Potential Loyalist', r: [4, 5], fm: [2, 3] },
  { key: 'new', label: 'New', r: [5, 5], fm: [1, 1] },
  { key: 'promising', label: 'Promising', r: [4, 4], fm: [1, 1] },
  { key: 'need_attention', label: 'Need Attention', r: [3, 3], fm: [2, 3] },
  { key: 'about_to_sleep', label: 'About to Sleep', r: [3, 3], fm: [1, 1] },
  { key: 'cant_lose_them', label: "Can't Lose Them", r: [1, 1], fm: [4, 5] },
  { key: 'at_risk', label: 'At Risk', r: [1, 2], fm: [3, 5] },
  { key: 'lost', label: 'Lost', r: [1, 1], fm: [1, 1] },
  { key: 'hibernating', label: 'Hibernating', r: [1, 2], fm: [1, 2] },
];

export function combinedFrequencyMonetary(f: number, m: number): number {
  return Math.floor((f + m + 1) / 2);
}

export function namedSegmentFor(r: number, f: number, m: number): NamedSegmentKey {
  const fm = combinedFrequencyMonetary(f, m);
  const segment = NAMED_SEGMENTS.find((candidate) => r >= candidate.r[0] && r <= candidate.r[1] && fm >= candidate.fm[0] && fm <= candidate.fm[1]);
  if (!segment) throw new Error(`no named segment for r=${r} f=${f} m=${m}`);
  return segment.key;
}
