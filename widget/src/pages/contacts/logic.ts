/** Pure helpers of the contacts page: no DOM, no network, so they are unit-tested beside this file. */
import type { BandHistoryEntry } from './types.ts';

export const SEARCH_MAX_LENGTH = 200;

/** What the search box sends: trimmed, inner whitespace collapsed, at most 200 characters; '' means "no search". */
export function searchQuery(typed: string): string {
  return typed.trim().replace(/\s+/g, ' ').slice(0, SEARCH_MAX_LENGTH);
}

/** Erasing is only allowed once the marketer has typed the customer id exactly (surrounding spaces forgiven). */
export function confirmsErase(typed: string, customerId: string): boolean {
  return customerId !== '' && typed.trim() === customerId;
}

/** contact-<id>.json with anything that is not safe in a file name replaced. */
export function exportFileName(customerId: string): string {
  const safe = customerId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
  return `contact-${safe || 'export'}.json`;
}

export type Dimension = 'r' | 'f' | 'm';
export const DIMENSIONS: readonly Dimension[] = ['r', 'f', 'm'];

export interface BandStep extends BandHistoryEntry {
  /** dimensions whose band differs from the step before (all false for the first) */
  changed: Record<Dimension, boolean>;
  namedChanged: boolean;
  first: boolean;
}

/**
 * The band history as steps, newest first, each saying which bands moved since the step before. Entries that
 * changed nothing a marketer sees (same bands and named segment) are folded into the earlier step.
 */
export function bandSteps(history: readonly BandHistoryEntry[]): BandStep[] {
  const ordered = [...history].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const steps: BandStep[] = [];
  for (const entry of ordered) {
    const previous = steps[steps.length - 1];
    const changed = { r: !!previous && previous.bands.r !== entry.bands.r, f: !!previous && previous.bands.f !== entry.bands.f, m: !!previous && previous.bands.m !== entry.bands.m };
    const namedChanged = !!previous && previous.named !== entry.named;
    if (previous && !changed.r && !changed.f && !changed.m && !namedChanged) continue;
    steps.push({ ...entry, changed, namedChanged, first: !previous });
  }
  return steps.reverse();
}

/** A short line for an event's properties: the path or URL first, then product, category and value. */
export function eventSummary(props: Record<string, unknown> | null | undefined): string {
  if (!props || typeof props !== 'object') return '';
  const parts: string[] = [];
  const path = props.path ?? props.url;
  if (typeof path === 'string' && path) parts.push(path.length > 60 ? `${path.slice(0, 59)}…` : path);
  for (const name of ['name', 'sku', 'category']) {
    const value = props[name];
    if ((typeof value === 'string' && value) || typeof value === 'number') parts.push(String(value));
  }
  return parts.join(' · ');
}

/** Attribute values as one line each: lists joined, objects as compact JSON, nothing longer than 80 characters. */
export function attributeText(value: unknown): string {
  const text = value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
