/**
 * The rule builder's model, as pure functions over the rule JSON itself (edge/engine/rules/LANGUAGE.md): the
 * builder edits a root `all`/`any` group; a child may be wrapped in `{not: …}`, shown as a NOT toggle on its row.
 * Paths are written the way validateRule names problems (`all[1].not.any[0].value`), so problems land on their row.
 */
import { fieldType, type Condition, type ConditionValue, type Operator, type Rule, type RuleProblem } from '../../../../edge/engine/rules/index.ts';

export type Group = { all: Rule[] } | { any: Rule[] };
export type GroupKind = 'all' | 'any';

export const isGroup = (rule: Rule): rule is Group => 'all' in rule || 'any' in rule;
export const groupKind = (group: Group): GroupKind => ('all' in group ? 'all' : 'any');
export const childrenOf = (group: Group): Rule[] => ('all' in group ? group.all : group.any);
export const makeGroup = (kind: GroupKind, children: Rule[]): Group => (kind === 'all' ? { all: children } : { any: children });

/** Whether the builder can draw a rule: groups of lists, NOTs and conditions with a field. Anything else stays in JSON. */
export function drawable(rule: unknown, depth = 0): boolean {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule) || depth > 10) return false;
  const record = rule as Record<string, unknown>;
  const children = record.all ?? record.any;
  if (children !== undefined) return Array.isArray(children) && children.every((child) => drawable(child, depth + 1));
  if ('not' in record) return drawable(record.not, depth + 1);
  return typeof record.field === 'string';
}

/** The builder always edits a group: a bare condition (or a NOT) becomes the one child of an `all`. Same meaning. */
export const asRootGroup = (rule: Rule): Group => (isGroup(rule) ? rule : { all: [rule] });

/** A child row: the node without its NOT wrapper(s), and whether it is negated (double negation cancels). */
export function unwrap(rule: Rule): { negated: boolean; node: Condition | Group } {
  let negated = false;
  while ('not' in rule) {
    negated = !negated;
    rule = rule.not;
  }
  return { negated, node: rule };
}

export function toggleNot(rule: Rule): Rule {
  const { negated, node } = unwrap(rule);
  return negated ? node : { not: node };
}

/** Applies `change` to the node inside any NOT wrapper, keeping the wrapper. */
export function inside(rule: Rule, change: (node: Condition | Group) => Rule): Rule {
  const { negated, node } = unwrap(rule);
  const next = change(node);
  return negated ? { not: next } : next;
}

/**
 * Replaces the node at `steps` (child indices from the root group down; NOT wrappers are kept) with what `change`
 * returns; null removes it from its group. Changing the root (no steps) must give a group.
 */
export function replaceAt(root: Group, steps: readonly number[], change: (node: Rule) => Rule | null): Group {
  if (!steps.length) return (change(root) as Group | null) ?? root;
  const [index, ...rest] = steps as [number, ...number[]];
  const children = childrenOf(root).slice();
  const child = children[index];
  if (!child) return root;
  const next = rest.length ? inside(child, (node) => (isGroup(node) ? replaceAt(node, rest, change) : node)) : change(child);
  if (next) children[index] = next;
  else children.splice(index, 1);
  return makeGroup(groupKind(root), children);
}

/** Problems that belong to a row: at its path or inside it (`…value`, `…days`); a group's own are at `path.all`/`.any`. */
export function problemsAt(problems: readonly RuleProblem[], path: string, exact?: string): string[] {
  return problems.filter((problem) => (exact ? problem.path === exact : problem.path === (path || 'rule') || problem.path.startsWith(`${path}.`))).map((problem) => problem.message);
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions: what a field or operator change does to the value

/** The value's shape an operator needs: the builder shows one input per shape. */
export type ValueShape = 'none' | 'list' | 'pair' | 'days' | 'date' | 'scalar';

export function valueShape(field: string, op: Operator): ValueShape {
  if (op === 'exists' || op === 'not_exists') return 'none';
  if (op === 'in' || op === 'not_in') return 'list';
  if (op === 'between') return 'pair';
  if (op.startsWith('within') || op.startsWith('anniv')) return 'days';
  return op === 'before' || op === 'after' || fieldType(field) === 'date' ? 'date' : 'scalar';
}

const isNumeric = (field: string) => /^(number|count)$/.test(fieldType(field) ?? '');

function defaultValue(field: string, shape: ValueShape, first: string | undefined): ConditionValue | undefined {
  // money is in minor units: start from 100 (and 0–1,000) in the currency rather than from one cent
  const unit = isNumeric(field) ? (/monetary|value/.test(field) ? 10_000 : 1) : 0;
  if (shape === 'list') return first === undefined ? [] : [first];
  if (shape === 'pair') return unit ? [0, 10 * unit] : ['', ''];
  if (shape === 'days') return 30;
  if (shape === 'date') return new Date().toISOString().slice(0, 10);
  if (shape === 'scalar') return unit || (first ?? '');
  return undefined;
}

/** A fresh condition on `field` with a fitting operator and, where one can be guessed, a valid value. */
export function conditionFor(field: string, options: readonly string[] | null): Condition {
  const type = fieldType(field);
  const op: Operator = type === 'number' || type === 'count' ? 'gte' : type === 'text' ? 'contains' : type === 'date' ? 'within_last_days' : type === 'segments' ? 'in' : 'eq';
  return changeOperator({ field, op: 'exists', ...(type === 'count' ? { event: 'product_view', days: 30 } : {}) }, op, options);
}

/** A new operator keeps the value when the shape stays; a single value and a one-item list turn into each other. */
export function changeOperator(condition: Condition, op: Operator, options: readonly string[] | null): Condition {
  const from = valueShape(condition.field, condition.op);
  const to = valueShape(condition.field, op);
  const { value: current, ...rest } = condition;
  const value =
    from === to
      ? current
      : from === 'scalar' && to === 'list' && current !== undefined && current !== ''
        ? [current as string | number]
        : from === 'list' && to === 'scalar' && Array.isArray(current) && current.length
          ? current[0]
          : defaultValue(condition.field, to, options?.[0]);
  return value === undefined ? { ...rest, op } : { ...rest, op, value };
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs → values

/** A number typed by the marketer (money in major units: `scale` 100); '' or anything unparsable is undefined. */
export function parseNumber(text: string, scale = 1): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  const value = Number(trimmed);
  return trimmed && Number.isFinite(value) ? Math.round(value * scale * 1e6) / 1e6 : undefined;
}

/** What a typed value becomes: numbers on numeric fields (attributes too when they look like one), else text. */
export function parseValue(text: string, field: string, scale = 1): string | number | boolean | undefined {
  if (isNumeric(field)) return parseNumber(text, scale);
  if (fieldType(field) !== 'any') return text;
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return parseNumber(trimmed) ?? text;
}

/** A comma-separated list, each item parsed as `parseValue` would. */
export const parseList = (text: string, field: string, scale = 1) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => (parseValue(item, field, scale) ?? item) as string | number);

export const formatValue = (value: unknown, scale = 1): string =>
  Array.isArray(value) ? value.map((item) => formatValue(item, scale)).join(', ') : typeof value === 'number' ? String(value / scale) : value == null ? '' : String(value);

/**
 * Band keys are the workspace's own (the engine cannot know them): a value no band has selects nobody, so it is
 * named like the engine's problems, at the condition's path. `keysOf` gives a band field's keys, else undefined.
 */
export function bandKeyProblems(rule: unknown, keysOf: (field: string) => readonly string[] | undefined, path = ''): RuleProblem[] {
  if (!rule || typeof rule !== 'object') return [];
  const record = rule as Record<string, unknown>;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const kind of ['all', 'any']) {
    const children = record[kind];
    if (Array.isArray(children)) return children.flatMap((child, index) => bandKeyProblems(child, keysOf, `${at(kind)}[${index}]`));
  }
  if ('not' in record) return bandKeyProblems(record.not, keysOf, at('not'));
  const keys = typeof record.field === 'string' ? keysOf(record.field) : undefined;
  const values = Array.isArray(record.value) ? record.value : [record.value];
  return keys
    ? values.filter((value) => typeof value === 'string' && !keys.includes(value)).map((value) => ({ path: path || 'rule', message: `${JSON.stringify(value)} is not a band of ${record.field}; use one of ${keys.join(', ')}` }))
    : [];
}
