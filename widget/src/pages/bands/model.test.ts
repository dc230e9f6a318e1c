import { describe, expect, it } from 'vitest';
import { bandCountsFromPoints } from '../../../../edge/engine/rfm/band-counts.ts';
import { DEFAULT_RFM_CONFIG, type RfmConfig } from '../../../../edge/engine/rfm/index.ts';
import { axisMax, BINS, bins, checkConfig, fractionAt, placeThreshold, position, switchMode, valueAt } from './model.ts';

/** 10 contacts at 1 order, 6 at 2, 3 at 5, 1 at 40; 4 of the 1-order contacts bought before the window (value 0). */
const points = [
  { value: 0, contacts: 4 },
  { value: 1, contacts: 6 },
  { value: 2, contacts: 6 },
  { value: 5, contacts: 3 },
  { value: 40, contacts: 1 },
];

const withBands = (change: (config: RfmConfig) => void): RfmConfig => {
  const config = structuredClone(DEFAULT_RFM_CONFIG);
  change(config);
  return config;
};

describe('the histogram axis', () => {
  it('maps values to positions and back, log scaled for frequency and monetary', () => {
    const max = axisMax(points);
    expect(max).toBe(40);
    for (const dimension of ['r', 'f', 'm'] as const) {
      for (const value of [0, 3, 17, 40]) expect(valueAt(dimension, position(dimension, value, max), max)).toBeCloseTo(value, 6);
    }
    expect(position('r', 20, 40)).toBe(0.5);
    expect(position('f', 20, 40)).toBeGreaterThan(0.5);
    expect(position('f', 99, 40)).toBe(1);
  });

  it('bins every contact once and colours a bin by its band', () => {
    const drawn = bins('f', points, [1, 2], 40);
    expect(drawn).toHaveLength(BINS);
    expect(drawn.reduce((sum, bin) => sum + bin.contacts, 0)).toBe(20);
    expect(drawn[0]).toEqual({ contacts: 4, band: 0 });
    expect(drawn[BINS - 1]).toEqual({ contacts: 1, band: 2 });
  });
});

describe('moving a threshold', () => {
  it('snaps to whole days, orders or currency units and never crosses the other cut', () => {
    expect(placeThreshold({ mode: 'fixed', thresholds: [30, 90] }, 'r', 0, 44.6)).toEqual([45, 90]);
    expect(placeThreshold({ mode: 'fixed', thresholds: [30, 90] }, 'r', 0, 200)).toEqual([89, 90]);
    expect(placeThreshold({ mode: 'fixed', thresholds: [30, 90] }, 'r', 1, 5)).toEqual([30, 31]);
    expect(placeThreshold({ mode: 'fixed', thresholds: [30, 90] }, 'r', 0, -3)).toEqual([0, 90]);
    expect(placeThreshold({ mode: 'fixed', thresholds: [5000, 20000] }, 'm', 1, 12345)).toEqual([5000, 12300]);
    expect(placeThreshold({ mode: 'quantile', thresholds: [0.5, 0.9] }, 'm', 1, 1.4)).toEqual([0.5, 0.99]);
    expect(placeThreshold({ mode: 'quantile', thresholds: [0.5, 0.9] }, 'm', 0, 0.333)).toEqual([0.33, 0.9]);
  });

  it('reads a dragged quantile as the share at or below the value, outside-quantile contacts left out', () => {
    expect(fractionAt(points, 1)).toBe(0.5);
    expect(fractionAt(points, 1, 4)).toBe(6 / 16);
    expect(fractionAt([], 3)).toBe(0);
  });

  it('switches mode without moving the lines', () => {
    const quantile = { mode: 'quantile' as const, names: DEFAULT_RFM_CONFIG.bands.f.names, thresholds: [0.5, 0.9] as [number, number] };
    const fixed = switchMode(quantile, 'f', points, [1, 3], 4);
    expect(fixed.mode).toBe('fixed');
    expect(bandCountsFromPoints(fixed, points, [1, 3]).counts).toEqual(bandCountsFromPoints(quantile, points, [1, 3], { outsideQuantiles: 4 }).counts);
    const back = switchMode(fixed, 'f', points, [1, 3], 4);
    expect(back.mode).toBe('quantile');
    expect(bandCountsFromPoints(back, points, [1, 3], { outsideQuantiles: 4 }).counts).toEqual(bandCountsFromPoints(fixed, points, [1, 3]).counts);
  });
});

describe('the checks before saving', () => {
  it('accepts the default configuration', () => {
    expect(checkConfig(DEFAULT_RFM_CONFIG)).toEqual({});
  });

  it('names each problem where it is', () => {
    const problems = checkConfig(
      withBands((config) => {
        config.bands.r.thresholds = [90, 30];
        config.bands.m = { ...config.bands.m, mode: 'quantile', thresholds: [0.5, 1] };
        config.bands.f.names[1] = { key: config.bands.f.names[0].key, label: ' ' };
        config.bands.f.names[2] = { ...config.bands.f.names[2], key: 'Often!' };
        config.windowDays = 0;
      }),
    );
    expect(problems).toEqual({
      'r.thresholds': 'order',
      'm.thresholds': 'quantileRange',
      'f.names.1.key': 'keyTwice',
      'f.names.1.label': 'labelRequired',
      'f.names.2.key': 'keyShape',
      windowDays: 'windowRange',
    });
    expect(checkConfig(withBands((config) => (config.bands.r.thresholds = [-1, 30])))).toEqual({ 'r.thresholds': 'negative' });
    expect(checkConfig(withBands((config) => (config.windowDays = null)))).toEqual({});
  });
});
