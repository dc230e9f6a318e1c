/**
 * Picking content for page slots: per slot, the highest-priority live content rule whose segment the visitor is in.
 * No match leaves the slot out of the answer, so the page keeps its default content.
 */

export interface ContentRule {
  id: string;
  slot: string;
  segmentKey: string;
  html: string;
  priority: number;
  enabled: boolean;
  startsAt: number | null;
  endsAt: number | null;
}

export interface SlotVariant {
  variantId: string;
  html: string;
}

export function isLive(rule: ContentRule, now: number): boolean {
  return rule.enabled && (rule.startsAt === null || rule.startsAt <= now) && (rule.endsAt === null || now < rule.endsAt);
}

/** Highest priority first; equal priorities by id, so the answer never depends on storage order. */
export function byPrecedence(a: ContentRule, b: ContentRule): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * @param requestedSlots the slots the page has; undefined means every slot that has rules.
 */
export function chooseVariants(
  rules: readonly ContentRule[],
  segmentKeys: ReadonlySet<string>,
  requestedSlots: readonly string[] | undefined,
  now: number,
): Record<string, SlotVariant> {
  const wanted = requestedSlots ? new Set(requestedSlots) : null;
  const chosen: Record<string, SlotVariant> = {};
  for (const rule of [...rules].sort(byPrecedence)) {
    if (wanted && !wanted.has(rule.slot)) continue;
    if (Object.hasOwn(chosen, rule.slot) || !isLive(rule, now) || !segmentKeys.has(rule.segmentKey)) continue;
    chosen[rule.slot] = { variantId: rule.id, html: rule.html };
  }
  return chosen;
}
