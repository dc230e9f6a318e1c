import * as z from 'zod/mini';
import { dayNumberFromIsoDate, localDayNumber } from '../engine/time/index.ts';
import { invalidRequest } from '../http/errors.ts';
import type { Workspace } from '../workspaces/workspace.ts';

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date such as 2024-05-01'));
const wholeNumber = z.string().check(z.regex(/^\d{1,6}$/, 'must be a whole number'));

export const dashboardQuerySchema = z.object({
  asOf: z.optional(isoDate),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  compareDays: z.optional(wholeNumber),
});

export const cellQuerySchema = z.object({
  pair: z.enum(['rf', 'fm', 'rm'], 'must be rf, fm or rm'),
  row: z.enum(['0', '1', '2'], 'must be 0, 1 or 2 (a band index)'),
  column: z.enum(['0', '1', '2'], 'must be 0, 1 or 2 (a band index)'),
  limit: z.optional(wholeNumber),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'must be the nextCursor of the previous page'))),
});

/** The longest time frame and comparison the dashboard accepts: ten years. */
export const MAX_SPAN_DAYS = 3660;

/** A calendar date of the query as a day number, refusing impossible dates (2023-02-30) by the parameter's name. */
export function dayParam(value: string, name: string): number {
  const day = dayNumberFromIsoDate(value);
  if (!Number.isFinite(day)) throw invalidRequest(`${name}: ${value} is not a calendar date`, name);
  return day;
}

export function wholeNumberParam(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (number < min || number > max) throw invalidRequest(`${name}: must be between ${min} and ${max}`, name);
  return number;
}

export interface DashboardPeriod {
  today: number;
  asOf: number;
  /** the time frame, both days included */
  from: number;
  to: number;
  /** the movement compares asOf with this day */
  compareDay: number;
  compareDays: number;
  /** the time frame is the look-back window ending at asOf, so each contact's windowed state holds its spend in it */
  frameIsWindow: boolean;
}

/**
 * Resolves the dashboard's days: asOf (default today in the workspace), the time frame (default the look-back window
 * ending at asOf; a missing end defaults to asOf, a missing start to the window before the end) and the comparison
 * day. With an all-time window the default start is the workspace's first purchase day (`firstPurchaseDay`).
 */
export async function resolvePeriod(
  query: z.infer<typeof dashboardQuerySchema>,
  workspace: Workspace,
  now: number,
  loadFirstPurchaseDay: () => Promise<number | null>,
): Promise<DashboardPeriod> {
  let firstPurchaseDay: Promise<number | null> | undefined;
  const firstDay = () => (firstPurchaseDay ??= loadFirstPurchaseDay());
  const today = localDayNumber(now, workspace.timeZone);
  const asOf = query.asOf === undefined ? today : dayParam(query.asOf, 'asOf');
  if (asOf > today) throw invalidRequest(`asOf: ${query.asOf} is after today in ${workspace.timeZone}`, 'asOf');
  const to = query.to === undefined ? asOf : dayParam(query.to, 'to');
  const windowDays = workspace.settings.rfm.windowDays;
  let from: number;
  if (query.from !== undefined) from = dayParam(query.from, 'from');
  else if (windowDays !== null) from = to - windowDays + 1;
  else from = Math.min(to, (await firstDay()) ?? to);
  if (from > to) throw invalidRequest(query.from === undefined ? 'to: is before the start of the time frame' : 'from: is after to', query.from === undefined ? 'to' : 'from');
  if (to - from + 1 > MAX_SPAN_DAYS) throw invalidRequest(`from: the time frame is longer than ${MAX_SPAN_DAYS} days`, 'from');
  const compareDays = wholeNumberParam(query.compareDays, 'compareDays', 30, 1, MAX_SPAN_DAYS);
  let frameIsWindow = false;
  if (to === asOf) {
    if (windowDays !== null) frameIsWindow = from === asOf - windowDays + 1;
    else {
      const first = await firstDay();
      frameIsWindow = first === null || from <= first;
    }
  }
  return { today, asOf, from, to, compareDay: asOf - compareDays, compareDays, frameIsWindow };
}
