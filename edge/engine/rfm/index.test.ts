import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import cases from './cases.json' with { type: 'json' };
import {
  DEFAULT_RFM_CONFIG,
  NAMED_SEGMENTS,
  aggregatePurchases,
  bandFor,
  combinedFrequencyMonetary,
  namedSegmentFor,
  quantileOffset,
  quantilesNeeded,
  resolveThresholds,
  rfmState,
  type PurchaseFact,
  type ResolvedThresholds,
  type RfmConfig,
} from './index.ts';

const AS_OF = 20_000;
const DAY = 86_400_000;
const thresholds: ResolvedThresholds = { ...(cases.thresholds as Omit<ResolvedThresholds, 'computedAt'>), computedAt: 0 };

const toFacts = (purchases: { daysAgo: number; amount: number; status: string }[]): PurchaseFact[] =>
  purchases.map((purchase, index) => ({ purchasedAt: (AS_OF - purchase.daysAgo) * DAY + index, day: AS_OF - purchase.daysAgo, amount: purchase.amount, status: purchase.status }));

describe('RFM state from the case file', () => {
  for (const testCase of cases.cases) {
    it(testCase.name, () => {
      const config: RfmConfig = { ...DEFAULT_RFM_CONFIG, windowDays: testCase.windowDays };
      const state = rfmState(aggregatePurchases(toFacts(testCase.purchases), AS_OF, testCase.windowDays), AS_OF, thresholds, config);
      expect({
        recencyDays: state.recencyDays,
        frequency: state.frequency,
        monetary: state.monetary,
        scores: state.scores,
        bandKeys: state.bandKeys,
        named: state.named,
      }).toEqual(testCase.expect);
    });
  }
});

describe('named segments', () => {
  it('follow the documented grid, cell by cell', () => {
    for (const [r, row] of Object.entries(cases.namedGrid.rows)) {
      row.forEach((expected, column) => {
        const fm = column + 1;
        // f = m = fm gives combined score fm.
        expect(namedSegmentFor(Number(r), fm, fm), `r=${r} fm=${fm}`).toBe(expected);
      });
    }
  });

  it('cover every score combination and each of the eleven is reachable', () => {
    const reached = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) reached.add(namedSegmentFor(r, f, m));
    expect([...reached].sort()).toEqual(NAMED_SEGMENTS.map((segment) => segment.key).sort());
    expect(NAMED_SEGMENTS).toHaveLength(11);
  });

  it('combine frequency and monetary as floor((f + m + 1) / 2)', () => {
    expect(combinedFrequencyMonetary(1, 1)).toBe(1);
    expect(combinedFrequencyMonetary(1, 2)).toBe(2);
    expect(combinedFrequencyMonetary(4, 5)).toBe(5);
    expect(combinedFrequencyMonetary(3, 4)).toBe(4);
  });
});

describe('quantiles', () => {
  for (const { q, n, offset } of cases.quantiles) {
    it(`nearest rank of ${q} among ${n} is offset ${offset}`, () => expect(quantileOffset(q, n)).toBe(offset));
  }

  it('resolve quantile bands and quintile scores from the distribution', () => {
    const monetary = Array.from({ length: 10 }, (_, index) => (index + 1) * 1000);
    const resolved = resolveThresholds(DEFAULT_RFM_CONFIG, { recencyDays: [1, 2, 3, 4, 5], frequency: [1, 1, 1, 2, 9], monetary }, 123);
    expect(resolved.bands.m).toEqual([5000, 9000]);
    expect(resolved.bands.r).toEqual([30, 90]);
    expect(resolved.scores.f).toEqual([1, 1, 1, 2]);
    expect(resolved.scores.r).toEqual([1, 2, 3, 4]);
    expect(resolved.computedAt).toBe(123);
  });

  it('keep the previous values when there is no data yet', () => {
    const previous = resolveThresholds(DEFAULT_RFM_CONFIG, { recencyDays: [5], frequency: [2], monetary: [777] }, 1);
    const resolved = resolveThresholds(DEFAULT_RFM_CONFIG, { recencyDays: [], frequency: [], monetary: [] }, 2, previous);
    expect(resolved.bands.m).toEqual([777, 777]);
    expect(resolved.scores).toEqual(previous.scores);
  });

  it('are read only where the configuration asks for them', () => {
    const fixedScores: RfmConfig = { ...DEFAULT_RFM_CONFIG, scoreMode: 'fixed', scoreCutpoints: thresholds.scores };
    expect(quantilesNeeded(fixedScores)).toEqual([
      { dimension: 'm', fraction: 0.5 },
      { dimension: 'm', fraction: 0.9 },
    ]);
    expect(resolveThresholds(fixedScores, { recencyDays: [1], frequency: [1], monetary: [1] }, 0).scores).toEqual(thresholds.scores);
  });
});

const purchaseArbitrary = fc.record({
  daysAgo: fc.integer({ min: -5, max: 1000 }),
  amount: fc.integer({ min: 0, max: 1_000_000 }),
  status: fc.constantFrom('completed', 'completed', 'refunded', 'cancelled'),
});
const windowArbitrary = fc.option(fc.integer({ min: 1, max: 730 }), { nil: null });

describe('invariants', () => {
  it('adding a purchase never lowers frequency or monetary, nor raises recency', () => {
    fc.assert(
      fc.property(fc.array(purchaseArbitrary, { maxLength: 20 }), purchaseArbitrary, windowArbitrary, (history, extra, windowDays) => {
        const before = aggregatePurchases(toFacts(history), AS_OF, windowDays);
        const after = aggregatePurchases(toFacts([...history, extra]), AS_OF, windowDays);
        expect(after.frequency).toBeGreaterThanOrEqual(before.frequency);
        expect(after.monetary).toBeGreaterThanOrEqual(before.monetary);
        if (before.lastPurchaseDay !== null) expect(after.lastPurchaseDay).toBeGreaterThanOrEqual(before.lastPurchaseDay);
      }),
    );
  });

  it('the order of purchases does not matter', () => {
    fc.assert(
      fc.property(fc.array(purchaseArbitrary, { maxLength: 20 }), windowArbitrary, (history, windowDays) => {
        const facts = toFacts(history);
        expect(aggregatePurchases([...facts].reverse(), AS_OF, windowDays)).toEqual(aggregatePurchases(facts, AS_OF, windowDays));
      }),
    );
  });

  it('bands partition the range: every value is in exactly one band, and bands never decrease with the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: -10, max: 20_000 }), (a, b, value) => {
        fc.pre(a < b);
        const band = bandFor(value, [a, b]);
        expect([value <= a, value > a && value <= b, value > b].filter(Boolean)).toHaveLength(1);
        expect(band).toBe(value <= a ? 0 : value <= b ? 1 : 2);
        expect(bandFor(value + 1, [a, b])).toBeGreaterThanOrEqual(band);
      }),
    );
  });

  it('scores stay within 1–5 and a fresher purchase never lowers the recency score', () => {
    fc.assert(
      fc.property(fc.array(purchaseArbitrary, { minLength: 1, maxLength: 10 }), windowArbitrary, (history, windowDays) => {
        const aggregate = aggregatePurchases(toFacts(history), AS_OF, windowDays);
        const state = rfmState(aggregate, AS_OF, thresholds, DEFAULT_RFM_CONFIG);
        for (const score of Object.values(state.scores)) expect(score).toBeGreaterThanOrEqual(1), expect(score).toBeLessThanOrEqual(5);
        if (aggregate.lastPurchaseDay !== null) {
          const fresher = rfmState({ ...aggregate, lastPurchaseDay: aggregate.lastPurchaseDay + 1 }, AS_OF + 1, thresholds, DEFAULT_RFM_CONFIG);
          expect(fresher.scores.r).toBe(state.scores.r);
          const later = rfmState(aggregate, AS_OF + 30, thresholds, DEFAULT_RFM_CONFIG);
          expect(later.scores.r).toBeLessThanOrEqual(state.scores.r);
          expect(later.bands.r).toBeGreaterThanOrEqual(state.bands.r);
        }
      }),
    );
  });

  it('resolved quantile thresholds are values from the distribution and never decrease', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 200 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const resolved = resolveThresholds(DEFAULT_RFM_CONFIG, { recencyDays: sorted, frequency: sorted, monetary: sorted }, 0);
        for (const cuts of [resolved.bands.m, resolved.scores.r, resolved.scores.f, resolved.scores.m]) {
          cuts.forEach((cut, index) => {
            expect(sorted).toContain(cut);
            if (index > 0) expect(cut).toBeGreaterThanOrEqual(cuts[index - 1]!);
          });
        }
      }),
    );
  });
});
