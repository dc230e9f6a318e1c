import { useState } from 'preact/hooks';
import { fieldType, operatorsFor, type Condition, type Operator, type Rule, type RuleProblem } from '../../../../edge/engine/rules/index.ts';
import { FIELD_ORDER, fieldLabel, operatorLabel, t } from './messages.ts';
import { changeOperator, childrenOf, conditionFor, formatValue, groupKind, inside, isGroup, makeGroup, parseList, parseNumber, parseValue, problemsAt, toggleNot, unwrap, valueShape, type Group } from './rule-tree.ts';

export interface BuilderEnv {
  direction: 'inbound' | 'outbound';
  problems: readonly RuleProblem[];
  /** the values a key field takes (band keys, named segments, devices, other segments) */
  options: (field: string) => readonly string[] | null;
  label: (field: string, key: string) => string;
  /** minor units per major unit, for money fields */
  scale: number;
  /** replaces the node at `steps` (see replaceAt) */
  change: (steps: number[], replace: (node: Rule) => Rule | null) => void;
}

const ATTRIBUTE = 'attributes.';
export const moneyField = (field: string) => field === 'rfm.monetary' || field === 'behaviour.value';

/** Keeps what is typed ("1.", "often, ") while the rule gets the parsed value; an outside change replaces the text. */
function Input({ value, parse, onValue, invalid, scale = 1, ...rest }: { value: unknown; parse: (text: string) => unknown; onValue: (value: unknown) => void; scale?: number; 'aria-label': string; class?: string; placeholder?: string | undefined; list?: string; invalid?: boolean }) {
  const shown = formatValue(value, scale);
  const [text, setText] = useState(shown);
  return (
    <input
      {...rest}
      aria-invalid={invalid || undefined}
      value={formatValue(parse(text), scale) === shown ? text : shown}
      onInput={(event) => {
        setText(event.currentTarget.value);
        onValue(parse(event.currentTarget.value));
      }}
    />
  );
}

function ValueInput({ condition, env, set, invalid }: { condition: Condition; env: BuilderEnv; set: (value: unknown) => void; invalid: boolean }) {
  const { field, op, value } = condition;
  const shape = valueShape(field, op);
  const scale = moneyField(field) ? env.scale : 1;
  const options = env.options(field);
  const label = `${t('value')}: ${fieldLabel(field)}`;
  const one = (item: unknown, onItem: (next: unknown) => void, aria = label) => (
    <Input class="rb-value" aria-label={aria} value={item} scale={scale} invalid={invalid} parse={(text) => parseValue(text, field, scale)} onValue={onItem} />
  );
  if (shape === 'none') return null;
  if (shape === 'list') return <Input class="rb-value" aria-label={label} placeholder={options?.join(', ')} value={value} scale={scale} invalid={invalid} parse={(text) => parseList(text, field, scale)} onValue={set} />;
  if (shape === 'pair') {
    const pair = Array.isArray(value) ? value : [];
    return (
      <span class="rb-pair">
        {one(pair[0], (low) => set([low, pair[1]]), `${label} ≥`)}–{one(pair[1], (high) => set([pair[0], high]), `${label} ≤`)}
      </span>
    );
  }
  if (shape === 'days')
    return (
      <span class="rb-pair">
        <Input class="rb-value" aria-label={label} value={value} invalid={invalid} parse={(text) => parseNumber(text)} onValue={set} /> {t('days')}
      </span>
    );
  if (shape === 'date') return <input class="rb-value" type="date" aria-label={label} value={String(value ?? '')} aria-invalid={invalid || undefined} onInput={(event) => set(event.currentTarget.value || undefined)} />;
  if (options && fieldType(field) === 'key')
    return (
      <select class="rb-value" aria-label={label} value={String(value)} onChange={(event) => set(event.currentTarget.value)}>
        {(options.includes(String(value)) ? options : [...options, String(value)]).map((key) => (
          <option value={key}>{env.label(field, key)}</option>
        ))}
      </select>
    );
  return one(value, set);
}

function ConditionRow({ rule, steps, path, env }: { rule: Rule; steps: number[]; path: string; env: BuilderEnv }) {
  const { negated, node } = unwrap(rule);
  const condition = node as Condition;
  const { field } = condition;
  const messages = problemsAt(env.problems, path);
  const update = (next: (condition: Condition) => Condition) => env.change(steps, (current) => inside(current, (inner) => next(inner as Condition)));
  const set = (key: keyof Condition, value: unknown) =>
    update((current) => {
      const next = { ...current, [key]: value };
      if (value === undefined || value === '') delete next[key];
      return next;
    });
  const isAttribute = field.startsWith(ATTRIBUTE);
  return (
    <li class={`rb-cond${messages.length ? ' bad' : ''}`} data-testid="condition" data-path={path}>
      <div class="rb-line">
        <NotToggle negated={negated} steps={steps} env={env} />
        <select aria-label={t('field')} value={isAttribute ? ATTRIBUTE : field} onChange={(event) => update(() => conditionFor(event.currentTarget.value.replace(/\.$/, '.country'), env.options(event.currentTarget.value)))}>
          {FIELD_ORDER.filter((name) => env.direction === 'inbound' || !name.startsWith('context.') || name === field).map((name) => (
            <option value={name}>{fieldLabel(name)}</option>
          ))}
          <option value={ATTRIBUTE}>{t('attribute')}…</option>
        </select>
        {isAttribute ? <input class="mono rb-attr" aria-label={t('attribute')} value={field.slice(ATTRIBUTE.length)} onInput={(event) => set('field', ATTRIBUTE + event.currentTarget.value.trim())} /> : null}
        {fieldType(field) === 'count' ? (
          <>
            <Input class="mono rb-event" aria-label={t('event')} list="rb-events" value={condition.event} parse={String} onValue={(value) => set('event', value)} />
            <Input class="rb-event" aria-label={t('category')} placeholder={t('category')} value={condition.category} parse={String} onValue={(value) => set('category', value)} />
            <span class="rb-pair">
              <Input class="rb-value" aria-label={t('days')} value={condition.days} parse={(text) => parseNumber(text)} onValue={(value) => set('days', value)} /> {t('days')}
            </span>
          </>
        ) : null}
        <select aria-label={t('operator')} value={condition.op} onChange={(event) => update((current) => changeOperator(current, event.currentTarget.value as Operator, env.options(field)))}>
          {(operatorsFor(field).length ? operatorsFor(field) : [condition.op]).map((op) => (
            <option value={op}>{operatorLabel(op)}</option>
          ))}
        </select>
        <ValueInput condition={condition} env={env} set={(value) => set('value', value)} invalid={messages.length > 0} />
        <button type="button" class="ghost small" aria-label={t('remove')} title={t('remove')} onClick={() => env.change(steps, () => null)}>
          ✕
        </button>
      </div>
      {messages.map((message) => (
        <p class="error-text" role="alert">
          {message}
        </p>
      ))}
    </li>
  );
}

function NotToggle({ negated, steps, env }: { negated: boolean; steps: number[]; env: BuilderEnv }) {
  return (
    <button type="button" class="small rb-not" aria-pressed={negated} onClick={() => env.change(steps, toggleNot)}>
      {t('not')}
    </button>
  );
}

export function GroupEditor({ group, steps, path, negated, env }: { group: Group; steps: number[]; path: string; negated: boolean; env: BuilderEnv }) {
  const kind = groupKind(group);
  const fresh = () => conditionFor('rfm.f_band', env.options('rfm.f_band'));
  const add = (rule: Rule) => env.change(steps, (current) => inside(current, (node) => makeGroup(groupKind(node as Group), [...childrenOf(node as Group), rule])));
  const own = problemsAt(env.problems, path, path ? `${path}.${kind}` : kind);
  return (
    <div class="rb-group" role="group" aria-label={t(kind)}>
      <div class="rb-line">
        {steps.length ? <NotToggle negated={negated} steps={steps} env={env} /> : null}
        <select aria-label={t('rule')} value={kind} onChange={(event) => env.change(steps, (current) => inside(current, (node) => makeGroup(event.currentTarget.value as 'all', childrenOf(node as Group))))}>
          <option value="all">{t('all')}</option>
          <option value="any">{t('any')}</option>
        </select>
        <span class="grow" />
        <button type="button" class="small" onClick={() => add(fresh())}>
          + {t('addCondition')}
        </button>
        <button type="button" class="small" onClick={() => add(makeGroup(kind === 'all' ? 'any' : 'all', [fresh()]))}>
          + {t('addGroup')}
        </button>
        {steps.length ? (
          <button type="button" class="ghost small" aria-label={t('remove')} title={t('remove')} onClick={() => env.change(steps, () => null)}>
            ✕
          </button>
        ) : (
          <datalist id="rb-events">
            <option value="page_view" />
            <option value="product_view" />
            <option value="add_to_cart" />
          </datalist>
        )}
      </div>
      <ul class="rb-list">
        {childrenOf(group).map((child, index) => {
          const { negated: childNegated, node } = unwrap(child);
          const here = `${path ? `${path}.` : ''}${kind}[${index}]${childNegated ? '.not' : ''}`;
          return isGroup(node) ? (
            <li>
              <GroupEditor group={node} steps={[...steps, index]} path={here} negated={childNegated} env={env} />
            </li>
          ) : (
            <ConditionRow rule={child} steps={[...steps, index]} path={here} env={env} />
          );
        })}
      </ul>
      {own.map((message) => (
        <p class="error-text" role="alert">
          {message}
        </p>
      ))}
    </div>
  );
}
