/**
 * Calendar days as integers (days since 1970-01-01 of the local calendar date), so "recency in calendar days in
 * the workspace's time zone" is a subtraction that SQL and the engine compute alike.
 */

const MILLISECONDS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every UTC offset in use is a whole number of quarter hours, so the local date is constant within a UTC
 * quarter hour: the hot path (decide) formats a date once per quarter hour per zone, not once per request.
 */
const QUARTER_HOUR_MS = 900_000;
const recentDays = new Map<string, { quarter: number; day: number }>();

/** The local calendar day, in `timeZone`, of the instant `epochMilliseconds`. */
export function localDayNumber(epochMilliseconds: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return Math.floor(epochMilliseconds / MILLISECONDS_PER_DAY);
  const quarter = Math.floor(epochMilliseconds / QUARTER_HOUR_MS);
  const recent = recentDays.get(timeZone);
  if (recent && recent.quarter === quarter) return recent.day;
  const day = formattedLocalDay(epochMilliseconds, timeZone);
  recentDays.set(timeZone, { quarter, day });
  return day;
}

function formattedLocalDay(epochMilliseconds: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatterFor(timeZone).formatToParts(epochMilliseconds)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return Math.floor(Date.UTC(year, month - 1, day) / MILLISECONDS_PER_DAY);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2024-05-05` → its day number; NaN for anything that is not a real calendar date. */
export function dayNumberFromIsoDate(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return Number.NaN;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const milliseconds = Date.UTC(year, month - 1, day);
  const dayNumber = milliseconds / MILLISECONDS_PER_DAY;
  return isoDateFromDayNumber(dayNumber) === isoDate ? dayNumber : Number.NaN;
}

export function isoDateFromDayNumber(dayNumber: number): string {
  if (!Number.isFinite(dayNumber)) return 'invalid';
  return new Date(dayNumber * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The instant of a wall-clock time in a time zone (`2011-06-01 10:05:00` in Europe/London → 09:05 UTC).
 * Iterates on the zone's offset, which settles in two steps except inside a DST gap or overlap, where the
 * earlier instant wins.
 */
export function utcFromLocal(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): number {
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = wallClock;
  for (let step = 0; step < 3; step++) {
    const next = wallClock - offsetAt(guess, timeZone);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}
