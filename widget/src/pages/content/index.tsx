import { useState } from 'preact/hooks';
import type { ApiError } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useLoad } from '../../load.ts';
import { navigate, route } from '../../router.ts';
import { linkTo, useDraft } from './form.ts';
import { session } from '../../session.ts';
import { Badge, Card, ConfirmDialog, Empty, ErrorNotice, Field, Loading, Notice } from '../../ui/index.tsx';
import { draftOf, groupBySlot, KNOWN_SLOTS, payloadOf, previewDocument, ruleState, validateDraft, type ContentRule, type RuleDraft } from './logic.ts';
import { t } from './messages.ts';

interface Segment {
  key: string;
  name: string;
}
type Saved = ContentRule & { sanitized?: { changed: boolean; removed: string[] } };

const NEW = '_new';
const STATE_KIND = { live: 'good', scheduled: 'accent', off: undefined, ended: undefined } as const;

/** Content rules: the list per slot at #/content, the editor at #/content/<id> (or #/content/_new). */
export function ContentPage() {
  const param = route.value.param;
  const api = session.value!.api;
  const rules = useLoad(() => api.get<{ contentRules: ContentRule[] }>('/v1/admin/content-rules'), [param]);
  const segments = useLoad(() => api.get<{ segments: Segment[] }>('/v1/admin/segments'), []);
  const [flash, setFlash] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ContentRule | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [slotForNew, setSlotForNew] = useState(KNOWN_SLOTS[0]!);

  if (rules.state === 'failed') return <ErrorNotice error={rules.error} onRetry={rules.reload} />;
  if (segments.state === 'failed') return <ErrorNotice error={segments.error} onRetry={segments.reload} />;
  if (!rules.data || !segments.data) return <Loading />;
  const all = rules.data.contentRules;
  const names = new Map(segments.data.segments.map((segment) => [segment.key, segment.name]));

  if (param) {
    const rule = param === NEW ? null : all.find((candidate) => candidate.id === param);
    if (rule === undefined) return <Notice kind="warn">{t('notFound', { id: param })}</Notice>;
    return (
      <RuleEditor
        key={param}
        rule={rule}
        slot={slotForNew}
        segments={segments.data.segments}
        onSaved={(saved) => {
          setFlash(t('saved', { name: saved.name || t('untitled') }) + (saved.sanitized?.changed ? ` ${t('removed', { list: saved.sanitized.removed.join('; ') })}` : ''));
          navigate({ page: 'content' });
        }}
      />
    );
  }

  const remove = async () => {
    const rule = deleting!;
    const outcome = await api.send('DELETE', `/v1/admin/content-rules/${encodeURIComponent(rule.id)}`);
    setDeleting(null);
    if (!outcome.ok) return setFailure(outcome.error);
    setFlash(t('deleted', { name: rule.name || t('untitled') }));
    rules.reload();
  };
  const create = (slot: string) => {
    setSlotForNew(slot);
    navigate({ page: 'content', param: NEW });
  };
  const now = Date.now();

  return (
    <div class="stack" data-testid="content-page">
      <div class="row spread">
        <p class="muted cr-intro">{t('intro')}</p>
        <button type="button" class="primary" onClick={() => create(KNOWN_SLOTS[0]!)}>
          {t('new')}
        </button>
      </div>
      {flash ? <Notice kind="ok">{flash}</Notice> : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      {groupBySlot(all).map(([slot, list]) => (
        <Card
          title={
            <span class="row">
              <span class="mono">{slot}</span> <Badge>{t('rules', { count: list.length })}</Badge>
            </span>
          }
          actions={
            <button type="button" class="small" onClick={() => create(slot)}>
              {t('newIn', { slot })}
            </button>
          }
        >
          {list.length === 0 ? (
            <Empty>{t('emptySlot')}</Empty>
          ) : (
            <div class="table-wrap">
              <table data-testid={`slot-${slot}`}>
                <thead>
                  <tr>
                    <th>{t('name')}</th>
                    <th>{t('segment')}</th>
                    <th class="num">{t('priority')}</th>
                    <th>{t('schedule')}</th>
                    <th>{t('state')}</th>
                    <th>
                      <span class="sr-only">{t('edit')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((rule) => {
                    const state = ruleState(rule, now);
                    return (
                      <tr data-id={rule.id}>
                        <td>
                          <a class="cr-link" {...linkTo({ page: 'content', param: rule.id })}>
                            {rule.name || t('untitled')}
                          </a>
                        </td>
                        <td>{names.get(rule.segmentKey) ?? <span class="mono">{rule.segmentKey}</span>}</td>
                        <td class="num">{rule.priority}</td>
                        <td class="small">
                          {rule.startsAt || rule.endsAt ? (
                            <>
                              {rule.startsAt ? <div>{t('from', { date: dateTime(rule.startsAt) })}</div> : null}
                              {rule.endsAt ? <div>{t('until', { date: dateTime(rule.endsAt) })}</div> : null}
                            </>
                          ) : (
                            <span class="muted">{t('always')}</span>
                          )}
                        </td>
                        <td>
                          <Badge kind={STATE_KIND[state]}>{t(state)}</Badge>
                        </td>
                        <td class="cr-actions">
                          <button type="button" class="small" onClick={() => navigate({ page: 'content', param: rule.id })}>
                            {t('edit')}
                          </button>
                          <button type="button" class="small danger" onClick={() => setDeleting(rule)}>
                            {t('delete')}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ))}
      {deleting ? (
        <ConfirmDialog title={t('confirmDelete')} danger confirmLabel={t('delete')} onConfirm={remove} onCancel={() => setDeleting(null)}>
          <p>{t('confirmDeleteText', { name: deleting.name || t('untitled'), slot: deleting.slot })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function RuleEditor({ rule, slot, segments, onSaved }: { rule: ContentRule | null; slot: string; segments: Segment[]; onSaved: (saved: Saved) => void }) {
  const api = session.value!.api;
  const { draft, set, bind: text, busy, failure, blocked, error: errorOf, submit } = useDraft<RuleDraft>(() => draftOf(rule, slot, segments[0]?.key ?? ''), validateDraft);
  const error = (key: string) => {
    const code = errorOf(key);
    return code ? t(`e_${code}` as 'e_slot') : null;
  };
  const segmentName = segments.find((segment) => segment.key === draft.segmentKey)?.name ?? draft.segmentKey;
  const save = submit(
    () => (rule ? api.send<Saved>('PATCH', `/v1/admin/content-rules/${encodeURIComponent(rule.id)}`, payloadOf(draft)) : api.send<Saved>('POST', '/v1/admin/content-rules', payloadOf(draft))),
    onSaved,
  );

  return (
    <form class="stack" onSubmit={save} noValidate data-testid="content-editor">
      <a class="cr-back" {...linkTo({ page: 'content' })}>
        {t('back')}
      </a>
      <div class="cr-layout">
        <Card title={rule ? t('editTitle') : t('newTitle')}>
          <div class="stack">
            <Field label={t('name')}>
              <input {...text('name')} maxLength={120} />
            </Field>
            <div class="grid g2">
              <Field label={t('slot')} hint={t('slotHint')} error={error('slot')}>
                <input {...text('slot')} list="cr-slots" autocomplete="off" />
                <datalist id="cr-slots">
                  {KNOWN_SLOTS.map((known) => (
                    <option value={known} />
                  ))}
                </datalist>
              </Field>
              <Field label={t('segment')} error={error('segmentKey')}>
                <select {...text('segmentKey')}>
                  <option value="">{t('pick')}</option>
                  {segments.map((segment) => (
                    <option value={segment.key}>{segment.name}</option>
                  ))}
                </select>
              </Field>
            </div>
            <div class="grid g3">
              <Field label={t('priority')} hint={t('priorityHint')} error={error('priority')}>
                <input {...text('priority')} type="number" min={-1000} max={1000} step={1} inputMode="numeric" />
              </Field>
              <Field label={t('starts')}>
                <input {...text('startsAt')} type="datetime-local" />
              </Field>
              <Field label={t('ends')} error={error('endsAt')}>
                <input {...text('endsAt')} type="datetime-local" />
              </Field>
            </div>
            <label class="row cr-check">
              <input type="checkbox" name="enabled" checked={draft.enabled} onChange={(event) => set('enabled', event.currentTarget.checked)} />
              {t('enabled')}
            </label>
            <Field label={t('html')} hint={t('htmlHint')} error={error('html')}>
              <textarea {...text('html')} rows={9} spellcheck={false} />
            </Field>
            {blocked ? <Notice kind="error">{t('fix')}</Notice> : null}
            {failure ? <ErrorNotice error={failure} /> : null}
            <div class="row end">
              <button type="button" onClick={() => navigate({ page: 'content' })}>
                {t('cancel')}
              </button>
              <button type="submit" class="primary" disabled={busy}>
                {busy ? <span class="spinner" aria-hidden="true" /> : null}
                {rule ? t('save') : t('create')}
              </button>
            </div>
          </div>
        </Card>
        <Card title={t('preview')} class="cr-preview">
          <p class="small muted">{t('previewHint', { segment: segmentName || '—' })}</p>
          <div class="cr-view">
            <iframe
              class="cr-frame"
              sandbox=""
              title={t('previewTitle', { slot: draft.slot })}
              srcdoc={previewDocument(draft.html, draft.slot.trim(), `${api.endpoint}/demo/shop.css`, t('preview'))}
            />
          </div>
        </Card>
      </div>
    </form>
  );
}
