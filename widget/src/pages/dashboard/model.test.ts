import { describe, expect, it } from 'vitest';
import { bandRange, bucketLabel, change, checkPeriod, checkSegmentForm, heatLevels, peakIndex, periodQuery, segmentKeyFrom } from './model.ts';

const TODAY = '2026-11-23';

describe('the period toolbar', () => {
  it('accepts an empty period and a sensible one', () => {
    expect(checkPeriod({ asOf: '', from: '', to: '', compareDays: 30 }, TODAY)).toEqual({});
    expect(checkPeriod({ asOf: '2026-10-31', from: '2026-01-01', to: '2026-10-31', compareDays: 30 }, TODAY)).toEqual({});
  });
  it('refuses a future as-of day, a reversed frame and a frame ending after the as-of day', () => {
    expect(checkPeriod({ asOf: '2026-11-24', from: '', to: '', compareDays: 0 }, TODAY)).toEqual({ asOf: 'future' });
    expect(checkPeriod({ asOf: '', from: '2026-05-02', to: '2026-05-01', compareDays: 0 }, TODAY)).toEqual({ from: 'order' });
    expect(checkPeriod({ asOf: '2026-06-30', from: '2026-01-01', to: '2026-07-01', compareDays: 0 }, TODAY)).toEqual({ to: 'afterAsOf' });
    expect(checkPeriod({ asOf: '2026-06-30', from: '2026-07-01', to: '', compareDays: 0 }, TODAY)).toEqual({ from: 'afterAsOf' });
  });
  it('sends only what was set', () => {
    expect(periodQuery({ asOf: '', from: '', to: '', compareDays: 0 })).toEqual({ asOf: undefined, from: undefined, to: undefined, compareDays: undefined });
    expect(periodQuery({ asOf: '2026-10-31', from: '2026-01-01', to: '', compareDays: 30 })).toEqual({ asOf: '2026-10-31', from: '2026-01-01', to: undefined, compareDays: 30 });
  });
});

describe('band ranges', () => {
  it.each([
    ['r', 0, { kind: 'atMost', value: 30 }],
    ['r', 1, { kind: 'between', low: 31, high: 90 }],
    ['r', 2, { kind: 'above', value: 90 }],
    ['m', 1, { kind: 'between', low: 66836, high: 354569 }],
  ] as const)('%s band %i', (dimension, index, expected) => {
    const thresholds = dimension === 'm' ? [66836, 354569, null] : [30, 90, null];
    expect(bandRange(dimension, index, thresholds)).toEqual(expected);
  });
  it('has no middle range when both cuts are equal, and none without thresholds', () => {
    expect(bandRange('f', 1, [2, 2, null])).toBeNull();
    expect(bandRange('f', 1, [2, 3, null])).toEqual({ kind: 'between', low: 3, high: 3 });
    expect(bandRange('r', 0, [null, null, null])).toBeNull();
  });
});

describe('heatmap shading', () => {
  const grid = [
    [{ contacts: 10, revenue: 500 }, { contacts: 0, revenue: 0 }],
    [{ contacts: 5, revenue: 1000 }, { contacts: 20, revenue: 250 }],
  ];
  it('is relative to the largest cell of the chosen metric', () => {
    expect(heatLevels(grid, 'contacts')).toEqual([[0.5, 0], [0.25, 1]]);
    expect(heatLevels(grid, 'revenue')).toEqual([[0.5, 0], [1, 0.25]]);
  });
  it('stays blank for an empty grid', () => {
    expect(heatLevels([[{ contacts: 0, revenue: 0 }]], 'contacts')).toEqual([[0]]);
  });
});

describe('a cell as a segment', () => {
  it.each([
    ['Short × Often', 'short_often'],
    ['Häufig & Größer', 'haeufig_groesser'],
    ['  Café VIPs!  ', 'cafe_vips'],
    ['2024 buyers', 's_2024_buyers'],
    ['★★★', ''],
  ])('suggests a key for %j', (name, key) => {
    expect(segmentKeyFrom(name)).toBe(key);
  });
  it('keeps suggested keys within 64 characters', () => {
    expect(segmentKeyFrom('a'.repeat(70) + ' b')).toHaveLength(64);
    expect(checkSegmentForm({ name: 'x', key: segmentKeyFrom('word '.repeat(30)) })).toEqual({});
  });
  it('checks the form as the edge would', () => {
    expect(checkSegmentForm({ name: 'Short often', key: 'short_often' })).toEqual({});
    expect(checkSegmentForm({ name: '  ', key: '' })).toEqual({ name: 'required', key: 'required' });
    expect(checkSegmentForm({ name: 'x'.repeat(121), key: 'Short-Often' })).toEqual({ name: 'tooLong', key: 'pattern' });
    expect(checkSegmentForm({ name: 'x', key: '1abc' })).toEqual({ key: 'pattern' });
    expect(checkSegmentForm({ name: 'x', key: 'vip' }, ['vip'])).toEqual({ key: 'taken' });
  });
});

describe('changes and peaks', () => {
  it('says how much and which way', () => {
    expect(change(120, 100)).toEqual({ difference: 20, ratio: 0.2, direction: 'up' });
    expect(change(80, 100)).toEqual({ difference: -20, ratio: -0.2, direction: 'down' });
    expect(change(5, 0)).toEqual({ difference: 5, ratio: null, direction: 'up' });
    expect(change(5, 5)?.direction).toBe('flat');
    expect(change(5, undefined)).toBeNull();
  });
  it('finds the first largest value', () => {
    expect(peakIndex([1, 5, 3, 5])).toBe(1);
    expect(peakIndex([0, 0])).toBe(-1);
    expect(peakIndex([])).toBe(-1);
  });
});

describe('revenue buckets', () => {
  it('names months, weekdays (0 = Monday) and hours in the UI language', () => {
    expect(bucketLabel('month', '2026-03', 'en-GB')).toBe('Mar 2026');
    expect(bucketLabel('month', '2026-03', 'de-DE')).toBe('März 2026');
    expect(bucketLabel('weekday', 0, 'en-GB')).toBe('Mon');
    expect(bucketLabel('weekday', 6, 'de-DE')).toMatch(/^So/);
    expect(bucketLabel('hour', 7, 'en-GB')).toBe('07:00');
    expect(bucketLabel('month', 'soon', 'en-GB')).toBe('soon');
  });
});
