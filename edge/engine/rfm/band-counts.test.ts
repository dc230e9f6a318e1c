import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandCountsFromPoints, countBands, thresholdsFromPoints, weightedQuantile, type WeightedPoint } from './band-counts.ts';
import { DEFAULT_RFM_CONFIG, bandFor, resolveThresholds, type DimensionBands, type RfmConfig } from './index.ts';

/** Weighted points of a list of values, in an arbitrary order (the functions must not rely on it). */
function pointsOf(values: readonly number[]): WeightedPoint[] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, contacts]) => ({ value, contacts })).reverse();
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

describe('band counts from weighted points', () => {
  it('count a small hand-made distribution at the cut points (at or below a cut is the lower band)', () => {
    const points = [
      { value: 5, contacts: 2 },
      { value: 1, contacts: 3 },
      { value: 3, contacts: 4 },
      { value: 9, contacts: 1 },
    ];
    expect(countBands(points, [1, 3])).toEqual([3, 4, 3]);
    expect(countBands(points, [0, 8])).toEqual([0, 9, 1]);
    // ten contacts 1 1 1 3 3 3 3 5 5 9: nearest rank of 0.5 is the 5th (3), of 0.9 the 9th (5)
    expect(weightedQuantile(points, 0.5)).toBe(3);
    expect(weightedQuantile(points, 0.9)).toBe(5);
    expect(bandCountsFromPoints({ mode: 'quantile', thresholds: [0.5, 0.9] }, points, [0, 0])).toEqual({
      thresholds: [3, 5],
      counts: [7, 2, 1],
      shares: [0.7, 0.2, 0.1],
    });
    expect(weightedQuantile([], 0.5)).toBeNull();
    expect(bandCountsFromPoints({ mode: 'quantile', thresholds: [0.5, 0.9] }, [], [30, 90])).toEqual({ thresholds: [30, 90], counts: [0, 0, 0], shares: [0, 0, 0] });
  });

  it('agree with the engine: quantiles as resolveThresholds resolves them, counts as bandFor bands each contact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 40 }),
        fc.tuple(fc.double({ min: 0.01, max: 0.98, noNaN: true }), fc.double({ min: 0.01, max: 0.98, noNaN: true })),
        (buyers, outside, [a, b]) => {
          const fractions: [number, number] = a < b ? [a, b] : a > b ? [b, a] : [a, Math.min(0.99, a + 0.01)];
          fc.pre(fractions[0] < fractions[1]);
          const bands: DimensionBands = { ...DEFAULT_RFM_CONFIG.bands.f, mode: 'quantile', thresholds: fractions };
          const config: RfmConfig = { ...DEFAULT_RFM_CONFIG, bands: { ...DEFAULT_RFM_CONFIG.bands, f: bands } };
          // The quantile population leaves out `outside` contacts at value 0; the bands count them.
          const quantilePopulation = buyers.map((value) => value + 1);
          const everyone = [...quantilePopulation, ...Array.from({ length: outside }, () => 0)];
          const engine = resolveThresholds(config, { recencyDays: [], frequency: ascending(quantilePopulation), monetary: [] }, 0);
          const points = pointsOf(everyone);
          const recount = bandCountsFromPoints(bands, points, [0, 0], { outsideQuantiles: outside });
          expect(recount.thresholds).toEqual(engine.bands.f);
          const expected: [number, number, number] = [0, 0, 0];
          for (const value of everyone) expected[bandFor(value, engine.bands.f)]++;
          expect(recount.counts).toEqual(expected);
          expect(recount.counts[0] + recount.counts[1] + recount.counts[2]).toBe(everyone.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leave fixed thresholds as they are', () => {
    const points = pointsOf([0, 10, 20, 30, 31, 90, 91, 400]);
    expect(thresholdsFromPoints({ mode: 'fixed', thresholds: [30, 90] }, points, [0, 0])).toEqual([30, 90]);
    expect(bandCountsFromPoints({ mode: 'fixed', thresholds: [30, 90] }, points, [0, 0]).counts).toEqual([4, 2, 2]);
  });
});
