import { useEffect, useRef, useState } from 'preact/hooks';
import { NAMED_SEGMENTS } from '../../../../edge/engine/rfm/index.ts';
import { DEVICES, validateRule, type ConditionOutcome, type Rule } from '../../../../edge/engine/rules/index.ts';
import type { ApiError } from '../../api.ts';
import { count, date, money, percent } from '../../format.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { Card, ConfirmDialog, ErrorNotice, Field, Notice, Tabs } from '../../ui/index.tsx';
import { GroupEditor, moneyField, type BuilderEnv } from './builder.tsx';
import { checkDraft, segmentBody, suggestKey, type SegmentDraft } from './form.ts';
import { fieldLabel, operatorLabel, t } from './messages.ts';
import { asRootGroup, bandKeyProblems, drawable, replaceAt, type Group } from './rule-tree.ts';
import type { PreviewResult, RfmConfigView, SegmentView } from './types.ts';

type Preview = { data?: PreviewResult; error?: ApiError; busy?: boolean };

export function SegmentEditor({ segment, segments, rfm, onDone }: { segment: SegmentView | null; segments: SegmentView[]; rfm: RfmConfigView | undefined; onDone: (name: string, deleted?: boolean) => void }) {
  const currency = session.value!.workspace.currency;
  const api = session.value!.api;
  const [start] = useState(() => ({
    draft: { key: segment?.key ?? '', name: segment?.name ?? '', direction: segment?.direction ?? 'inbound', priority: String(segment?.priority ?? 0), lifecycleGroup: segment?.lifecycleGroup ?? '' } as SegmentDraft,
    rule: asRootGroup(segment?.rule ?? { all: [{ field: 'rfm.f_band', op: 'eq', value: rfm?.config.bands.f.names[2].key ?? 'often' }] }) as Rule,
  }));
  const [draft, setDraft] = useState(start.draft);
  const [rule, setRule] = useState(start.rule);
  const [keyTouched, setKeyTouched] = useState(!!segment);
  const [tab, setTab] = useState<'builder' | 'json'>('builder');
  const [json, setJson] = useState<{ text: string; error?: string }>({ text: JSON.stringify(rule, null, 2) });
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [preview, setPreview] = useState<Preview>({});
  const generation = useRef(0);

  const others = segments.filter((other) => other.key !== segment?.key);
  const bands = (field: string) => (/^rfm\.[rfm]_band$/.test(field) ? rfm?.config.bands[field[4] as 'r'].names : undefined);
  const validation = validateRule(rule, { direction: draft.direction, knownSegments: new Set(others.map((other) => other.key)) });
  const problems = [...(validation.ok ? [] : validation.problems), ...bandKeyProblems(rule, (field) => bands(field)?.map((name) => name.key))];
  const draftProblems = checkDraft(draft, !segment, new Set(others.map((other) => other.key)));
  const ready = !problems.length && !json.error;
  const update = (changes: Partial<SegmentDraft>) => setDraft({ ...draft, ...changes });
  const changeRule = (next: Rule) => {
    setRule(next);
    setJson({ text: JSON.stringify(next, null, 2) });
  };

  const env: BuilderEnv = {
    direction: draft.direction,
    problems,
    /** money is in minor units; format.ts shows it as hundredths too */
    scale: 100,
    options: (field) =>
      bands(field)?.map((name) => name.key) ??
      (field === 'rfm.named' ? NAMED_SEGMENTS.map((named) => named.key) : field === 'context.device' ? DEVICES : field === 'segment' ? others.map((other) => other.key) : null),
    label: (field, key) => bands(field)?.find((name) => name.key === key)?.label ?? NAMED_SEGMENTS.find((named) => field === 'rfm.named' && named.key === key)?.label ?? key,
    change: (steps, replace) => changeRule(replaceAt(asRootGroup(rule), steps, replace)),
  };

  // The live preview: a moment after the last edit, the edge counts whom the (valid) rule selects, with reasons.
  const refresh = () => {
    const mine = ++generation.current;
    setPreview((previous) => ({ data: previous.data, busy: true }));
    api
      .send<PreviewResult>('POST', '/v1/admin/segments/preview', {
        ...(segment ? { key: segment.key } : {}),
        direction: draft.direction,
        rule,
        ...(draftProblems.lifecycleGroup ? {} : { lifecycleGroup: draft.lifecycleGroup || null }),
        ...(draftProblems.priority ? {} : { priority: Number(draft.priority) }),
        exclusions: segment?.exclusions ?? [],
        sampleSize: 6,
      })
      .then((outcome) => mine === generation.current && setPreview(outcome.ok ? { data: outcome.data } : { error: outcome.error }));
  };
  useEffect(() => {
    generation.current++;
    if (!ready) return setPreview({});
    const timer = setTimeout(refresh, 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify([rule, draft.direction, draft.lifecycleGroup, draft.priority]), ready]);

  const act = async (remove?: boolean) => {
    setAttempted(true);
    if (!remove && (Object.keys(draftProblems).length || !ready)) return;
    setBusy(true);
    const path = `/v1/admin/segments${segment ? `/${segment.key}` : ''}`;
    const outcome = await api.send(remove ? 'DELETE' : segment ? 'PATCH' : 'POST', path, remove ? undefined : segmentBody(draft, rule, !segment));
    setBusy(false);
    setDeleting(false);
    if (outcome.ok) onDone(remove ? segment!.name : draft.name.trim(), remove);
    else setFailure(outcome.error);
  };

  const problem = (field: keyof SegmentDraft) => {
    const found = draftProblems[field];
    return found && (attempted || draft[field]) ? t(found) : failure?.field === field ? failure.message : null;
  };
  const input = (field: keyof SegmentDraft, attributes: Record<string, unknown> = {}) => (
    <input name={field} value={draft[field]} aria-invalid={problem(field) ? true : undefined} onInput={(event) => update({ [field]: event.currentTarget.value })} {...attributes} />
  );

  return (
    <div class="seg-layout">
      <div class="stack">
        <Card
          title={segment ? segment.name : t('newSegment')}
          actions={
            <button type="button" class="ghost small" onClick={() => navigate({ page: 'segments' })}>
              ← {t('back')}
            </button>
          }
        >
          <div class="grid g2">
            <Field label={t('name')} error={problem('name')}>
              {input('name', {
                onInput: (event: Event) => {
                  const name = (event.currentTarget as HTMLInputElement).value;
                  update(keyTouched ? { name } : { name, key: suggestKey(name) });
                },
              })}
            </Field>
            <Field label={t('key')} hint={t('keyHint')} error={problem('key')}>
              {input('key', {
                class: 'mono',
                disabled: !!segment,
                onInput: (event: Event) => {
                  setKeyTouched(true);
                  update({ key: (event.currentTarget as HTMLInputElement).value.trim() });
                },
              })}
            </Field>
            <Field label={t('direction')}>
              <select name="direction" value={draft.direction} onChange={(event) => update({ direction: event.currentTarget.value as 'inbound' })}>
                <option value="inbound">{t('inbound')}</option>
                <option value="outbound">{t('outbound')}</option>
              </select>
            </Field>
            <div class="grid g2">
              <Field label={t('priority')} error={problem('priority')}>
                {input('priority', { class: 'num', inputMode: 'numeric' })}
              </Field>
              <Field label={t('group')} error={problem('lifecycleGroup')}>
                {input('lifecycleGroup', { class: 'mono' })}
              </Field>
            </div>
          </div>
        </Card>
        <Card title={t('rule')}>
          <div class="stack">
            <Tabs
              label={t('rule')}
              tabs={[
                { key: 'builder', label: t('builder') },
                { key: 'json', label: 'JSON' },
              ]}
              selected={tab}
              onSelect={(next) => {
                if (next === 'builder' && drawable(rule)) changeRule(asRootGroup(rule));
                setTab(next);
              }}
            />
            {tab === 'builder' && drawable(rule) ? (
              <GroupEditor group={rule as Group} steps={[]} path="" negated={false} env={env} />
            ) : (
              <Field label="JSON" error={json.error ? t('jsonInvalid', { message: json.error }) : null}>
                <textarea
                  name="ruleJson"
                  rows={12}
                  spellcheck={false}
                  value={json.text}
                  aria-invalid={json.error || problems.length ? true : undefined}
                  onInput={(event) => {
                    const text = event.currentTarget.value;
                    try {
                      setRule(JSON.parse(text));
                      setJson({ text });
                    } catch (error) {
                      setJson({ text, error: (error as Error).message });
                    }
                  }}
                />
              </Field>
            )}
            {problems.length && !json.error && (tab === 'json' || !drawable(rule)) ? (
              <Notice kind="error">
                {problems.map((found) => (
                  <div>
                    <code>{found.path}</code> {found.message}
                  </div>
                ))}
              </Notice>
            ) : null}
          </div>
        </Card>
        {failure && !failure.field?.match(/^(name|key|priority)$/) ? <ErrorNotice error={failure} /> : null}
        <div class="row">
          {segment ? (
            <button type="button" class="danger" onClick={() => setDeleting(true)}>
              {t('delete')}
            </button>
          ) : null}
          <span class="grow" />
          <button type="button" onClick={() => navigate({ page: 'segments' })}>
            {t('cancel')}
          </button>
          <button type="button" class="primary" disabled={busy} onClick={() => act()}>
            {t('save')}
          </button>
        </div>
      </div>
      <PreviewCard preview={preview} ready={ready} currency={currency} onRefresh={refresh} />
      {deleting ? (
        <ConfirmDialog title={t('deleteTitle', { name: segment!.name })} confirmLabel={t('delete')} danger busy={busy} onConfirm={() => act(true)} onCancel={() => setDeleting(false)}>
          <p class="muted">{t('deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

const shown = (field: string, value: unknown, currency: string): string =>
  value == null ? '—' : Array.isArray(value) ? value.map((item) => shown(field, item, currency)).join(', ') : typeof value === 'number' && moneyField(field) ? money(value, currency) : String(value);

/** One condition of an explanation: "✓ Frequency band = often → often". */
const Why = ({ outcome, currency }: { outcome: ConditionOutcome; currency: string }) => (
  <li class={outcome.passed ? 'up' : 'down'}>
    {outcome.passed ? '✓' : '✗'} {fieldLabel(outcome.field)}
    {outcome.event ? ` (${outcome.event}${outcome.category ? `/${outcome.category}` : ''}, ${outcome.days} ${t('days')})` : ''} {operatorLabel(outcome.op)} {outcome.value === undefined ? '' : shown(outcome.field, outcome.value, currency)}{' '}
    <span class="muted">→ {shown(outcome.field, outcome.actual, currency)}</span>
  </li>
);

function PreviewCard({ preview: { data, error, busy }, ready, currency, onRefresh }: { preview: Preview; ready: boolean; currency: string; onRefresh: () => void }) {
  return (
    <Card
      title={t('preview')}
      class="seg-preview"
      actions={
        <button type="button" class="small" disabled={!ready || busy} onClick={onRefresh}>
          {busy ? <span class="spinner" aria-hidden="true" /> : null}
          {t('refresh')}
        </button>
      }
    >
      <div class="stack" aria-live="polite">
        {!ready ? <Notice kind="warn">{t('previewWaiting')}</Notice> : error ? <ErrorNotice error={error} onRetry={onRefresh} /> : null}
        {ready && data ? (
          <>
            <div class={busy ? 'faint' : ''}>
              <span class="seg-count" data-testid="preview-count">
                {count(data.matching)}
              </span>{' '}
              {t('matching')}
            </div>
            <div class="bar">
              <span style={{ width: `${(100 * data.matching) / (data.contacts || 1)}%` }} />
            </div>
            <p class="muted small">{t('ofAll', { share: percent(data.matching / (data.contacts || 1)), total: count(data.contacts), date: date(data.asOf) })}</p>
            {data.sample.length ? <h3>{t('sample')}</h3> : null}
            <ul class="seg-sample" data-testid="preview-sample">
              {data.sample.map((contact) => (
                <li>
                  <strong class="mono">{contact.customerId}</strong> <span class="muted small">{contact.email}</span>
                  <ul>
                    {contact.why.map((outcome) => (
                      <Why outcome={outcome} currency={currency} />
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </Card>
  );
}
