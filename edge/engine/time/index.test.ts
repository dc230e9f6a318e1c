import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberFromIsoDate, isoDateFromDayNumber, isValidTimeZone, localDayNumber } from './index.ts';

describe('calendar days', () => {
  it('count days since 1970-01-01', () => {
    expect(dayNumberFromIsoDate('1970-01-01')).toBe(0);
    expect(dayNumberFromIsoDate('2011-12-10')).toBe(15318);
    expect(isoDateFromDayNumber(15318)).toBe('2011-12-10');
  });

  it('refuse dates that do not exist', () => {
    for (const text of ['2023-02-29', '2024-13-01', '2024-1-01', 'yesterday', '2024-04-31']) expect(dayNumberFromIsoDate(text), text).toBeNaN();
    expect(dayNumberFromIsoDate('2024-02-29')).not.toBeNaN();
  });

  it('follow the workspace time zone', () => {
    const lateEvening = Date.UTC(2024, 5, 30, 23, 30);
    expect(isoDateFromDayNumber(localDayNumber(lateEvening, 'UTC'))).toBe('2024-06-30');
    expect(isoDateFromDayNumber(localDayNumber(lateEvening, 'Europe/Berlin'))).toBe('2024-07-01');
    expect(isoDateFromDayNumber(localDayNumber(lateEvening, 'America/New_York'))).toBe('2024-06-30');
    expect(isoDateFromDayNumber(localDayNumber(Date.UTC(2024, 0, 1, 3), 'America/Los_Angeles'))).toBe('2023-12-31');
  });

  it('round-trip and agree with the UTC fast path', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 80_000 }), fc.integer({ min: 0, max: 86_399_999 }), (day, offset) => {
        expect(dayNumberFromIsoDate(isoDateFromDayNumber(day))).toBe(day);
        expect(localDayNumber(day * 86_400_000 + offset, 'UTC')).toBe(day);
        expect(localDayNumber(day * 86_400_000 + offset, 'Etc/GMT')).toBe(day);
      }),
    );
  });

  it('know real time zones', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('the quarter-hour memo', () => {
  it('gives the same day as formatting, across DST changes and odd offsets', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata'];
    const formatter = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), (instant, zone) => {
        // Two calls in the same quarter hour: the second comes from the memo.
        const quarterStart = Math.floor(instant / 900_000) * 900_000;
        localDayNumber(quarterStart, zone);
        expect(isoDateFromDayNumber(localDayNumber(instant, zone))).toBe(formatter(zone).format(instant));
      }),
      { numRuns: 400 },
    );
  });
});

describe('wall-clock times in a zone', () => {
  it('follow the zone and its daylight saving', async () => {
    const { utcFromLocal } = await import('./index.ts');
    expect(new Date(utcFromLocal(2011, 6, 1, 10, 5, 0, 'Europe/London')).toISOString()).toBe('2011-06-01T09:05:00.000Z');
    expect(new Date(utcFromLocal(2010, 12, 1, 8, 26, 0, 'Europe/London')).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(utcFromLocal(2024, 7, 1, 0, 30, 0, 'America/New_York')).toISOString()).toBe('2024-07-01T04:30:00.000Z');
    expect(new Date(utcFromLocal(2024, 1, 15, 12, 0, 0, 'Asia/Kathmandu')).toISOString()).toBe('2024-01-15T06:15:00.000Z');
    expect(new Date(utcFromLocal(2024, 1, 15, 12, 0, 0, 'UTC')).toISOString()).toBe('2024-01-15T12:00:00.000Z');
  });
});
