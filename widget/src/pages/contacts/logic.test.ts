import { describe, expect, it } from 'vitest';
import { attributeText, bandSteps, confirmsErase, eventSummary, exportFileName, searchQuery, SEARCH_MAX_LENGTH } from './logic.ts';
import type { BandHistoryEntry } from './types.ts';

describe('searchQuery', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['  14646 ', '14646'],
    ['ada  @example', 'ada @example'],
    ['\tAda@Example.com\n', 'Ada@Example.com'],
  ])('%j → %j', (typed, sent) => expect(searchQuery(typed)).toBe(sent));

  it('sends at most the API limit', () => {
    expect(searchQuery('x'.repeat(500))).toHaveLength(SEARCH_MAX_LENGTH);
  });
});

describe('confirmsErase', () => {
  it('needs the customer id exactly', () => {
    expect(confirmsErase('14646', '14646')).toBe(true);
    expect(confirmsErase(' 14646 ', '14646')).toBe(true);
    expect(confirmsErase('1464', '14646')).toBe(false);
    expect(confirmsErase('146466', '14646')).toBe(false);
    expect(confirmsErase('c-ADA', 'c-ada')).toBe(false);
    expect(confirmsErase('', '14646')).toBe(false);
    expect(confirmsErase('', '')).toBe(false);
  });
});

describe('exportFileName', () => {
  it.each([
    ['14646', 'contact-14646.json'],
    ['c-42.x_y', 'contact-c-42.x_y.json'],
    ['ada@example.com', 'contact-ada_example.com.json'],
    ['../../etc/passwd', 'contact-etc_passwd.json'],
    ['a/b\\c d', 'contact-a_b_c_d.json'],
    ['///', 'contact-export.json'],
  ])('%j → %j', (customerId, file) => expect(exportFileName(customerId)).toBe(file));

  it('keeps names short', () => {
    expect(exportFileName('x'.repeat(300)).length).toBeLessThanOrEqual(80 + 'contact-.json'.length);
  });
});

const entry = (day: string, r: string, f: string, m: string, named: string | null = null, frequency = 1, monetary = 100): BandHistoryEntry => ({ day, bands: { r, f, m }, named, frequency, monetary });

describe('bandSteps', () => {
  it('is empty without history', () => {
    expect(bandSteps([])).toEqual([]);
  });

  it('lists changes newest first and says which bands moved', () => {
    const steps = bandSteps([
      entry('2024-03-01', 'medium', 'regular', 'average', 'need_attention'),
      entry('2024-01-10', 'short', 'occasional', 'thrifty', 'new'),
      entry('2024-02-01', 'short', 'regular', 'average', 'potential_loyalist'),
    ]);
    expect(steps.map((step) => step.day)).toEqual(['2024-03-01', '2024-02-01', '2024-01-10']);
    expect(steps[0]).toMatchObject({ changed: { r: true, f: false, m: false }, namedChanged: true, first: false });
    expect(steps[1]).toMatchObject({ changed: { r: false, f: true, m: true }, namedChanged: true, first: false });
    expect(steps[2]).toMatchObject({ changed: { r: false, f: false, m: false }, namedChanged: false, first: true });
  });

  it('folds entries that changed nothing a marketer sees into the step before', () => {
    const steps = bandSteps([
      entry('2024-01-10', 'short', 'occasional', 'thrifty', 'new', 1, 100),
      entry('2024-01-20', 'short', 'occasional', 'thrifty', 'new', 2, 250),
      entry('2024-02-20', 'medium', 'occasional', 'thrifty', 'new', 2, 250),
    ]);
    expect(steps.map((step) => step.day)).toEqual(['2024-02-20', '2024-01-10']);
  });

  it('does not change its input', () => {
    const history = [entry('2024-02-01', 'long', 'often', 'premium'), entry('2024-01-01', 'short', 'often', 'premium')];
    const copy = structuredClone(history);
    bandSteps(history);
    expect(history).toEqual(copy);
  });
});

describe('eventSummary', () => {
  it.each([
    [null, ''],
    [{}, ''],
    [{ path: '/shoes/red' }, '/shoes/red'],
    [{ url: 'https://shop.example/tea', path: '/tea' }, '/tea'],
    [{ url: 'https://shop.example/tea' }, 'https://shop.example/tea'],
    [{ sku: 'TEA-1', category: 'tea', price: 649 }, 'TEA-1 · tea'],
    [{ name: 'Sencha', sku: 'TEA-1' }, 'Sencha · TEA-1'],
    [{ path: `/${'a'.repeat(100)}` }, `/${'a'.repeat(58)}…`],
    [{ sku: 42, category: '' }, '42'],
  ])('%j → %j', (props, summary) => expect(eventSummary(props as Record<string, unknown> | null)).toBe(summary));
});

describe('attributeText', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    ['DE', 'DE'],
    [42, '42'],
    [false, 'false'],
    [['a', 'b'], 'a, b'],
    [{ city: 'Berlin' }, '{"city":"Berlin"}'],
    ['x'.repeat(100), `${'x'.repeat(79)}…`],
  ])('%j → %j', (value, text) => expect(attributeText(value)).toBe(text));
});
