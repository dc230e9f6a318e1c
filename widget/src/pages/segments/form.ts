/**
 * The segment form's own checks before anything is sent: the limits of the API's schema (edge/segments/schema.ts)
 * as pure functions, so the page says what is wrong at once, beside the field.
 */

/** Segment keys (and lifecycle groups): lower case, starting with a letter; letters, digits and _. */
export const SEGMENT_KEY = /^[a-z][a-z0-9_]{0,63}$/;

export interface SegmentDraft {
  key: string;
  name: string;
  direction: 'inbound' | 'outbound';
  priority: string;
  lifecycleGroup: string;
}

export type DraftProblem = 'required' | 'keyShape' | 'keyTaken' | 'priorityRange';
export type DraftProblems = Partial<Record<keyof SegmentDraft, DraftProblem>>;

export function checkDraft(draft: SegmentDraft, isNew: boolean, existingKeys: ReadonlySet<string>): DraftProblems {
  const problems: DraftProblems = {};
  if (!draft.name.trim()) problems.name = 'required';
  if (isNew) problems.key = !draft.key ? 'required' : !SEGMENT_KEY.test(draft.key) ? 'keyShape' : existingKeys.has(draft.key) ? 'keyTaken' : undefined;
  const priority = Number(draft.priority);
  if (!draft.priority.trim() || !Number.isInteger(priority) || Math.abs(priority) > 1000) problems.priority = 'priorityRange';
  if (draft.lifecycleGroup && !SEGMENT_KEY.test(draft.lifecycleGroup)) problems.lifecycleGroup = 'keyShape';
  for (const field of Object.keys(problems) as (keyof SegmentDraft)[]) if (!problems[field]) delete problems[field];
  return problems;
}

/** A key suggested from the name while the marketer has not typed one: "Größte Fans 2024" → "groesste_fans_2024". */
export function suggestKey(name: string): string {
  const folded = name
    .toLowerCase()
    .replace(/[äöü]/g, (umlaut) => `${'aou'['äöü'.indexOf(umlaut)]}e`)
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return folded && (/^[a-z]/.test(folded) ? folded : `s_${folded}`).slice(0, 64).replace(/_+$/, '');
}

/**
 * The request body for a new segment (POST) or a change (PATCH: no key). Exclusions and `enabled` are not edited
 * here, so a change leaves them as they are.
 */
export const segmentBody = (draft: SegmentDraft, rule: unknown, isNew: boolean) => ({
  ...(isNew ? { key: draft.key } : {}),
  name: draft.name.trim(),
  direction: draft.direction,
  rule,
  priority: Number(draft.priority),
  lifecycleGroup: draft.lifecycleGroup || null,
});
