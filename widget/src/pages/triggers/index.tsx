import { useRef, useState } from 'preact/hooks';
import type { ApiError } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useLoad } from '../../load.ts';
import { navigate, route } from '../../router.ts';
import { linkTo, useDraft } from '../content/form.ts';
import { session } from '../../session.ts';
import { Badge, Card, ConfirmDialog, Empty, ErrorNotice, Field, Loading, Notice, Tabs } from '../../ui/index.tsx';
import { draftOf, lastDeliveries, lastStatusCode, PLACEHOLDERS, payloadOf, sampleBody, validateDraft, type Delivery, type Trigger, type TriggerDraft } from './logic.ts';
import { t } from './messages.ts';

interface Segment {
  key: string;
  name: string;
}
interface TestOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

const NEW = '_new';
const LOG = 'deliveries';
const STATUS_KIND = { delivered: 'good', dead: 'bad', pending: 'accent' } as const;
const at = (param?: string) => ({ page: 'triggers', ...(param ? { param } : {}) });
const go = (param?: string) => navigate(at(param));

/** Triggers at #/triggers, the delivery log at #/triggers/deliveries, the editor at #/triggers/<id> (or _new). */
export function TriggersPage() {
  const param = route.value.param;
  const api = session.value!.api;
  const triggers = useLoad(() => api.get<{ triggers: Trigger[] }>('/v1/admin/triggers'), [param]);
  const segments = useLoad(() => api.get<{ segments: Segment[] }>('/v1/admin/segments'), []);
  const [flash, setFlash] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);

  if (triggers.state === 'failed') return <ErrorNotice error={triggers.error} onRetry={triggers.reload} />;
  if (segments.state === 'failed') return <ErrorNotice error={segments.error} onRetry={segments.reload} />;
  if (!triggers.data || !segments.data) return <Loading />;
  const list = triggers.data.triggers;
  const names = new Map(segments.data.segments.map((segment) => [segment.key, segment.name]));

  if (param && param !== LOG) {
    const trigger = param === NEW ? null : list.find((candidate) => candidate.id === param);
    if (trigger === undefined) return <Notice kind="warn">{t('notFound', { id: param })}</Notice>;
    return (
      <TriggerEditor
        key={param}
        trigger={trigger}
        segments={segments.data.segments}
        secret={secret && trigger && secret.id === trigger.id ? secret.secret : null}
        onSaved={(saved) => {
          if (saved.signingSecret) {
            setSecret({ id: saved.id, secret: saved.signingSecret });
            go(saved.id);
          } else {
            setFlash(t('saved', { name: saved.name || t('untitled') }));
            go();
          }
        }}
      />
    );
  }

  return (
    <div class="stack" data-testid="triggers-page">
      <div class="row spread">
        <p class="muted cr-intro">{t('intro')}</p>
        <button type="button" class="primary" onClick={() => go(NEW)}>
          {t('new')}
        </button>
      </div>
      <Tabs
        label={t('tabs')}
        selected={param === LOG ? 'log' : 'list'}
        onSelect={(tab) => go(tab === 'log' ? LOG : undefined)}
        tabs={[
          { key: 'list', label: t('tabTriggers') },
          { key: 'log', label: t('tabLog') },
        ]}
      />
      {flash ? <Notice kind="ok">{flash}</Notice> : null}
      {param === LOG ? <DeliveryLog triggers={list} /> : <TriggerList triggers={list} names={names} onDeleted={(trigger) => (setFlash(t('deleted', { name: trigger.name || t('untitled') })), triggers.reload())} />}
    </div>
  );
}

function TestResult({ outcome, name }: { outcome: TestOutcome | ApiError; name?: string }) {
  if ('message' in outcome) return <ErrorNotice error={outcome} />;
  const who = name ? <strong>{name}: </strong> : null;
  return outcome.ok ? (
    <Notice kind="ok">
      {who}
      {t('testOk', { code: outcome.statusCode ?? '—' })}
    </Notice>
  ) : (
    <Notice kind="error">
      {who}
      {t('testFail', { reason: outcome.error ?? `HTTP ${outcome.statusCode}` })}
    </Notice>
  );
}

/** Sends the trigger's test request and reports what the receiver answered. */
function useTestSend(onDone?: () => void) {
  const api = session.value!.api;
  const [testing, setTesting] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, TestOutcome | ApiError>>({});
  const send = async (id: string) => {
    setTesting(id);
    const outcome = await api.send<TestOutcome>('POST', `/v1/admin/triggers/${encodeURIComponent(id)}/test`);
    setTesting(null);
    setResults((previous) => ({ ...previous, [id]: outcome.ok ? outcome.data : outcome.error }));
    onDone?.();
  };
  return { testing, results, send };
}

function TriggerList({ triggers, names, onDeleted }: { triggers: Trigger[]; names: Map<string, string>; onDeleted: (trigger: Trigger) => void }) {
  const api = session.value!.api;
  const deliveries = useLoad(() => api.get<{ deliveries: Delivery[] }>('/v1/admin/deliveries', { limit: 500 }), [triggers]);
  const { testing, results, send } = useTestSend(deliveries.reload);
  const [deleting, setDeleting] = useState<Trigger | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const last = lastDeliveries(deliveries.data?.deliveries ?? []);

  const remove = async () => {
    const trigger = deleting!;
    const outcome = await api.send('DELETE', `/v1/admin/triggers/${encodeURIComponent(trigger.id)}`);
    setDeleting(null);
    if (outcome.ok) onDeleted(trigger);
    else setFailure(outcome.error);
  };

  if (!triggers.length)
    return (
      <Card>
        <Empty>{t('empty')}</Empty>
      </Card>
    );
  const result = Object.entries(results).pop();
  return (
    <Card>
      <div class="stack">
        {failure ? <ErrorNotice error={failure} /> : null}
        {result ? <TestResult outcome={result[1]} name={triggers.find((trigger) => trigger.id === result[0])?.name} /> : null}
        <div class="table-wrap">
          <table data-testid="trigger-table">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('segment')}</th>
                <th>{t('on')}</th>
                <th class="tg-wide">{t('url')}</th>
                <th>{t('state')}</th>
                <th>{t('last')}</th>
                <th>
                  <span class="sr-only">{t('edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((trigger) => {
                const delivery = last.get(trigger.id);
                return (
                  <tr data-id={trigger.id}>
                    <td>
                      <a class="cr-link" {...linkTo(at(trigger.id))}>
                        {trigger.name || t('untitled')}
                      </a>
                    </td>
                    <td>{names.get(trigger.segmentKey) ?? <span class="mono">{trigger.segmentKey}</span>}</td>
                    <td>
                      <Badge kind={trigger.on === 'enter' ? 'good' : 'bad'}>{t(trigger.on)}</Badge>
                    </td>
                    <td class="tg-wide">
                      <span class="mono small tg-url" title={trigger.url}>
                        {trigger.url}
                      </span>
                    </td>
                    <td>
                      <Badge kind={trigger.enabled ? 'accent' : undefined}>{t(trigger.enabled ? 'enabled' : 'disabled')}</Badge>
                    </td>
                    <td class="small" data-testid="last-delivery">
                      {delivery ? (
                        <>
                          <Badge kind={STATUS_KIND[delivery.status]}>{t(delivery.status)}</Badge>
                          <div class="muted tg-when">{dateTime(delivery.createdAt)}</div>
                        </>
                      ) : (
                        <span class="muted">{t('never')}</span>
                      )}
                    </td>
                    <td class="tg-actions">
                      <button type="button" class="small" disabled={testing === trigger.id} onClick={() => send(trigger.id)}>
                        {testing === trigger.id ? <span class="spinner" aria-hidden="true" /> : null}
                        {t('test')}
                      </button>
                      <button type="button" class="small" onClick={() => go(trigger.id)}>
                        {t('edit')}
                      </button>
                      <button type="button" class="small danger" onClick={() => setDeleting(trigger)}>
                        {t('delete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      {deleting ? (
        <ConfirmDialog title={t('confirmDelete')} danger confirmLabel={t('delete')} onConfirm={remove} onCancel={() => setDeleting(null)}>
          <p>{t('confirmDeleteText', { name: deleting.name || t('untitled'), url: deleting.url })}</p>
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}

function DeliveryLog({ triggers }: { triggers: Trigger[] }) {
  const api = session.value!.api;
  const [triggerId, setTriggerId] = useState('');
  const [status, setStatus] = useState('');
  const deliveries = useLoad(() => api.get<{ deliveries: Delivery[] }>('/v1/admin/deliveries', { triggerId, status, limit: 200 }), [triggerId, status]);
  const names = new Map(triggers.map((trigger) => [trigger.id, trigger.name || t('untitled')]));
  return (
    <Card>
      <div class="stack">
        <div class="tg-filters">
          <Field label={t('trigger')}>
            <select name="triggerId" value={triggerId} onChange={(event) => setTriggerId(event.currentTarget.value)}>
              <option value="">{t('all')}</option>
              {triggers.map((trigger) => (
                <option value={trigger.id}>{trigger.name || trigger.id}</option>
              ))}
            </select>
          </Field>
          <Field label={t('status')}>
            <select name="status" value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
              <option value="">{t('all')}</option>
              {(['delivered', 'pending', 'dead'] as const).map((value) => (
                <option value={value}>{t(value)}</option>
              ))}
            </select>
          </Field>
          <button type="button" onClick={deliveries.reload}>
            {t('refresh')}
          </button>
        </div>
        {deliveries.state === 'failed' ? <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} /> : null}
        {!deliveries.data ? (
          <Loading />
        ) : !deliveries.data.deliveries.length ? (
          <Empty>{t('logEmpty')}</Empty>
        ) : (
          <div class="table-wrap">
            <table data-testid="delivery-table">
              <thead>
                <tr>
                  <th>{t('created')}</th>
                  <th>{t('trigger')}</th>
                  <th>{t('kind')}</th>
                  <th>{t('status')}</th>
                  <th class="num">{t('attempts')}</th>
                  <th>{t('nextRetry')}</th>
                  <th class="num">{t('response')}</th>
                  <th>{t('error')}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.deliveries.map((delivery) => (
                  <tr data-id={delivery.id}>
                    <td class="tg-when">{dateTime(delivery.createdAt)}</td>
                    <td>{names.get(delivery.triggerId) ?? <span class="mono">{delivery.triggerId}</span>}</td>
                    <td>{t(`trigger_${delivery.kind}` as 'trigger_test')}</td>
                    <td>
                      <Badge kind={STATUS_KIND[delivery.status]}>{t(delivery.status)}</Badge>
                    </td>
                    <td class="num">{delivery.attempts}</td>
                    <td class="num">{delivery.nextAttemptAt ? dateTime(delivery.nextAttemptAt) : '—'}</td>
                    <td class="num" data-testid="response-code">
                      {lastStatusCode(delivery) ?? '—'}
                    </td>
                    <td class="small muted">{delivery.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}

function TriggerEditor({ trigger, segments, secret, onSaved }: { trigger: Trigger | null; segments: Segment[]; secret: string | null; onSaved: (saved: Trigger & { signingSecret?: string }) => void }) {
  const api = session.value!.api;
  const currency = session.value!.workspace.currency;
  const { draft, set, bind: text, busy, failure, blocked, error: errorOf, submit } = useDraft<TriggerDraft>(() => draftOf(trigger, segments[0]?.key), validateDraft);
  const { testing, results, send } = useTestSend();
  const error = (key: string) => {
    const code = errorOf(key);
    return code ? t(`e_${code}` as 'e_url') : null;
  };
  const segmentName = segments.find((segment) => segment.key === draft.segmentKey)?.name ?? '';
  const body = sampleBody(draft, segmentName, currency);
  const area = useRef<HTMLTextAreaElement>(null);
  /** Puts the placeholder where the cursor is (an empty template gets a small object around it). */
  const insert = (path: string) => {
    const field = area.current!;
    const token = `{{${path}}}`;
    if (!draft.template.trim()) return set('template', `{\n  "${path.split('.').pop()}": "${token}"\n}`);
    const at = field.selectionStart ?? draft.template.length;
    set('template', draft.template.slice(0, at) + token + draft.template.slice(field.selectionEnd ?? at));
    field.focus();
  };

  const save = submit<Trigger & { signingSecret?: string }>(
    () => (trigger ? api.send('PATCH', `/v1/admin/triggers/${encodeURIComponent(trigger.id)}`, payloadOf(draft, false)) : api.send('POST', '/v1/admin/triggers', payloadOf(draft, true))),
    onSaved,
  );

  return (
    <form class="stack" onSubmit={save} noValidate data-testid="trigger-editor">
      <a class="cr-back" {...linkTo(at())}>
        {t('back')}
      </a>
      {secret ? (
        <Notice kind="warn">
          <strong>{t('secretTitle')}</strong>
          <div>{t('secretText')}</div>
          <div class="tg-secret">
            <input readOnly value={secret} name="signingSecret" aria-label={t('secretTitle')} onFocus={(event) => event.currentTarget.select()} />
          </div>
        </Notice>
      ) : null}
      <div class="cr-layout">
        <Card title={trigger ? t('editTitle') : t('newTitle')}>
          <div class="stack">
            <Field label={t('name')}>
              <input {...text('name')} maxLength={120} />
            </Field>
            <Field label={t('segment')} hint={trigger ? t('segmentFixed') : undefined} error={error('segmentKey')}>
              <select {...text('segmentKey')} disabled={!!trigger}>
                <option value="">{t('pick')}</option>
                {segments.map((segment) => (
                  <option value={segment.key}>{segment.name}</option>
                ))}
              </select>
            </Field>
            <fieldset class="tg-on">
              <legend>{t('on')}</legend>
              {(['enter', 'leave'] as const).map((on) => (
                <label>
                  <input type="radio" name="on" value={on} checked={draft.on === on} onChange={() => set('on', on)} />
                  {t(on)}
                </label>
              ))}
            </fieldset>
            <Field label={t('url')} hint={t('urlHint')} error={error('url')}>
              <input {...text('url')} type="url" inputMode="url" placeholder="https://hooks.example.com/rfm" />
            </Field>
            <label class="row cr-check">
              <input type="checkbox" name="enabled" checked={draft.enabled} onChange={(event) => set('enabled', event.currentTarget.checked)} />
              {t('enabled')}
            </label>
            <Field label={t('template')} hint={t('templateHint')} error={error('template')}>
              <textarea {...text('template')} ref={area} rows={7} spellcheck={false} placeholder={'{\n  "email": "{{contact.email}}",\n  "segment": "{{segment.name}}"\n}'} />
            </Field>
            <div class="stack small">
              <span class="muted">{t('placeholders')}</span>
              <div class="tg-help">
                {PLACEHOLDERS.map((path) => (
                  <button type="button" class="small ghost" onClick={() => insert(path)}>{`{{${path}}}`}</button>
                ))}
              </div>
            </div>
            {blocked ? <Notice kind="error">{t('fix')}</Notice> : null}
            {failure ? <ErrorNotice error={failure} /> : null}
            {trigger && results[trigger.id] ? <TestResult outcome={results[trigger.id]!} /> : null}
            <div class="row end">
              <button type="button" onClick={() => go()}>
                {t('cancel')}
              </button>
              {trigger ? (
                <button type="button" disabled={testing === trigger.id} onClick={() => send(trigger.id)}>
                  {testing === trigger.id ? <span class="spinner" aria-hidden="true" /> : null}
                  {t('test')}
                </button>
              ) : null}
              <button type="submit" class="primary" disabled={busy}>
                {busy ? <span class="spinner" aria-hidden="true" /> : null}
                {trigger ? t('save') : t('create')}
              </button>
            </div>
          </div>
        </Card>
        <Card title={t('sample')} class="cr-preview">
          <p class="small muted">{t('sampleHint')}</p>
          {body === null ? <Notice kind="warn">{t('invalidSample')}</Notice> : <pre class="tg-sample" data-testid="sample-body">{body}</pre>}
        </Card>
      </div>
    </form>
  );
}
