import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../../api.ts';
import type { ConditionOutcome } from '../../../../edge/engine/rules/index.ts';
import { count, date, dateTime, money } from '../../format.ts';
import { useLoad } from '../../load.ts';
import { navigate, route, routeHref } from '../../router.ts';
import { session } from '../../session.ts';
import { Badge, Card, ConfirmDialog, Empty, ErrorNotice, Field, Loading, Notice, Stat } from '../../ui/index.tsx';
import { bandName } from '../dashboard/messages.ts';
import { fieldLabel, operatorLabel } from '../segments/messages.ts';
import { attributeText, bandSteps, confirmsErase, DIMENSIONS, eventSummary, exportFileName, searchQuery, type Dimension } from './logic.ts';
import { namedLabel, t, word } from './messages.ts';
import type { Contact360, ContactHit, ContactRfm } from './types.ts';

/** Kept while the marketer opens a contact and comes back, so the list is still there. */
const typed = signal('');
/** The contact just erased, announced on the list. */
const erasedId = signal<string | null>(null);

const SEARCH_DELAY_MS = 250;
const SHOWN_PURCHASES = 20;
/** the 360° view carries at most this many purchases (edge/admin-contacts/profile.ts) */
const LATEST_PURCHASES = 50;
const MONEY_FIELDS = ['rfm.monetary', 'behaviour.value'];
const DIM_LABEL = { r: 'dimR', f: 'dimF', m: 'dimM' } as const;

const client = () => session.value!.api;
const contactPath = (customerId: string) => `/v1/admin/contacts/${encodeURIComponent(customerId)}`;
const contactHref = (customerId: string) => routeHref({ page: 'contacts', param: customerId });

export function ContactsPage() {
  const customerId = route.value.param;
  return customerId ? <ContactView key={customerId} customerId={customerId} /> : <ContactSearch />;
}

type BandLabel = (dimension: Dimension, key: string | number | undefined) => string;

/** Band keys (or indexes, 0 = first band) to the names the marketer gave them (GET /v1/admin/rfm-config); the key until that arrives. */
function useBandLabels(): BandLabel {
  const config = useLoad(() => client().get<{ config: { bands: Record<Dimension, { names: { key: string; label: string }[] }> } }>('/v1/admin/rfm-config'), []);
  return (dimension, key) => {
    const names = config.data?.config.bands[dimension].names;
    const name = typeof key === 'number' ? names?.[key] : names?.find((candidate) => candidate.key === key);
    return name ? bandName(name) : key === undefined ? '—' : String(key);
  };
}

function ContactLink({ customerId }: { customerId: string }) {
  return (
    <a
      class="ct-link mono"
      href={contactHref(customerId)}
      onClick={(event) => {
        event.preventDefault();
        navigate({ page: 'contacts', param: customerId });
      }}
    >
      {customerId}
    </a>
  );
}

function Bands({ bands, label, changed }: { bands: Partial<Record<Dimension, string | number>> | undefined; label: BandLabel; changed?: Record<Dimension, boolean> }) {
  return (
    <span class="ct-bands">
      {DIMENSIONS.map((dimension) => (
        <Badge kind={changed?.[dimension] ? 'accent' : undefined}>
          <abbr title={t(DIM_LABEL[dimension])}>{dimension.toUpperCase()}</abbr> {label(dimension, bands?.[dimension])}
        </Badge>
      ))}
    </span>
  );
}

function ContactSearch() {
  const [query, setQuery] = useState(() => searchQuery(typed.value));
  const labels = useBandLabels();
  useEffect(() => {
    const timer = setTimeout(() => setQuery(searchQuery(typed.value)), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed.value]);
  // without a query the edge lists the most valuable contacts
  const found = useLoad(() => client().get<{ contacts: ContactHit[] }>('/v1/admin/contacts', { query, limit: 25 }), [query]);
  const hits = found.data?.contacts ?? [];
  const currency = session.value!.workspace.currency;
  return (
    <>
      {erasedId.value ? <Notice kind="ok">{t('erased', { id: erasedId.value })}</Notice> : null}
      <Card title={t('search')} actions={found.state === 'loading' ? <span class="muted small">{t('searching')}</span> : query && found.data ? <span class="muted small">{t('results', { count: count(hits.length) })}</span> : null}>
        <div class="stack">
          <Field label={t('searchLabel')}>
            <input
              type="search"
              name="contactQuery"
              autoComplete="off"
              spellcheck={false}
              placeholder={t('searchPlaceholder')}
              value={typed.value}
              onInput={(event) => {
                typed.value = event.currentTarget.value;
                erasedId.value = null;
              }}
              onKeyDown={(event) => event.key === 'Enter' && setQuery(searchQuery(typed.value))}
            />
          </Field>
          {found.state === 'failed' ? <ErrorNotice error={found.error} onRetry={found.reload} /> : null}
          {found.data && hits.length === 0 && found.state !== 'loading' ? (
            <Empty>{query ? t('noMatch', { query }) : t('noContacts')}</Empty>
          ) : hits.length ? (
            <div class="table-wrap">
              <table data-testid="contact-results">
                {query ? null : <caption class="ct-caption">{t('topContacts')}</caption>}
                <thead>
                  <tr>
                    <th>{t('customer')}</th>
                    <th>{t('segment')}</th>
                    <th class="ct-wide">{t('bands')}</th>
                    <th class="num">{t('dimR')}</th>
                    <th class="num">{t('frequency')}</th>
                    <th class="num">{t('monetary')}</th>
                  </tr>
                </thead>
                <tbody>
                  {hits.map((hit) => (
                    <tr>
                      <td class="ct-who">
                        <ContactLink customerId={hit.customerId} />
                        {hit.email ? <span class="muted small">{hit.email}</span> : null}
                      </td>
                      <td>{hit.rfm?.named ? <Badge kind="accent">{namedLabel(hit.rfm.named)}</Badge> : <span class="faint">—</span>}</td>
                      <td class="ct-wide">
                        <Bands bands={hit.rfm?.bands} label={labels} />
                      </td>
                      <td class="num">{hit.rfm?.recencyDays == null ? '—' : t('days', { n: count(hit.rfm.recencyDays) })}</td>
                      <td class="num">{hit.rfm?.frequency == null ? '—' : count(hit.rfm.frequency)}</td>
                      <td class="num">{hit.rfm?.monetary == null ? '—' : money(hit.rfm.monetary, currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : found.state === 'loading' ? (
            <Loading label={t('searching')} />
          ) : null}
        </div>
      </Card>
    </>
  );
}

const BAND_FIELD = /^rfm\.([rfm])_band$/;

function valueText(field: string, value: unknown, currency: string, labels: BandLabel): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((item) => valueText(field, item, currency, labels)).join(', ');
  const band = BAND_FIELD.exec(field);
  if (band) return labels(band[1] as Dimension, value as string);
  if (typeof value === 'number') return MONEY_FIELDS.includes(field) ? money(value, currency) : count(value);
  return field === 'rfm.named' ? namedLabel(String(value)) : String(value);
}

function Why({ outcome, currency, labels }: { outcome: ConditionOutcome; currency: string; labels: BandLabel }) {
  const scope = outcome.event ? ` (${word(outcome.event)}${outcome.category ? ` · ${outcome.category}` : ''}, ${outcome.days} d)` : '';
  return (
    <li class={outcome.passed ? 'up' : 'down'}>
      <span aria-hidden="true">{outcome.passed ? '✓ ' : '✗ '}</span>
      <span class="ct-cond">
        {fieldLabel(outcome.field)}
        {scope} {operatorLabel(outcome.op)} {outcome.value === undefined ? null : <strong>{valueText(outcome.field, outcome.value, currency, labels)}</strong>}
      </span>
      <span class="muted"> → {valueText(outcome.field, outcome.actual, currency, labels)}</span>
    </li>
  );
}

function Table({ head, children, testId }: { head: (string | [string])[]; children: ComponentChildren; testId: string }) {
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>{head.map((cell) => (Array.isArray(cell) ? <th class="num">{cell[0]}</th> : <th>{cell}</th>))}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Pips({ score }: { score: number }) {
  return (
    <span class="ct-pips" role="img" aria-label={`${t('score')} ${score}/5`} title={`${score}/5`}>
      {[1, 2, 3, 4, 5].map((step) => (
        <i class={step <= score ? 'on' : ''} />
      ))}
      <b>{score}</b>
    </span>
  );
}

function RfmCard({ rfm, labels }: { rfm: ContactRfm; labels: BandLabel }) {
  const values: Record<Dimension, string> = {
    r: rfm.recencyDays == null ? t('never') : t('days', { n: count(rfm.recencyDays) }),
    f: count(rfm.frequency),
    m: money(rfm.monetary, rfm.currency),
  };
  return (
    <Card title={t('rfmState')} actions={<span class="muted small">{t('asOf', { date: date(rfm.asOf) })}</span>}>
      <Table head={['', t('band'), t('score'), [t('value')]]} testId="contact-rfm">
        {DIMENSIONS.map((dimension) => (
          <tr data-dimension={dimension}>
            <th scope="row">{t(DIM_LABEL[dimension])}</th>
            <td>
              <Badge>{labels(dimension, rfm.bands[dimension])}</Badge>
            </td>
            <td>
              <Pips score={rfm.scores[dimension]} />
            </td>
            <td class="num">{values[dimension]}</td>
          </tr>
        ))}
      </Table>
      <p class="muted small ct-dates">
        {t('purchases')}: {rfm.firstPurchaseAt ? date(rfm.firstPurchaseAt) : '—'} – {rfm.lastPurchaseAt ? date(rfm.lastPurchaseAt) : '—'}
      </p>
    </Card>
  );
}

function ContactView({ customerId }: { customerId: string }) {
  const contact = useLoad(() => client().get<Contact360>(contactPath(customerId)), [customerId]);
  const labels = useBandLabels();
  const [allPurchases, setAllPurchases] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const confirmInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (erasing) confirmInput.current?.focus();
  }, [erasing]);

  const back = (
    <a
      class="ct-back"
      href={routeHref({ page: 'contacts' })}
      onClick={(event) => {
        event.preventDefault();
        navigate({ page: 'contacts' });
      }}
    >
      ← {t('back')}
    </a>
  );
  if (!contact.data) {
    if (contact.state !== 'failed') return <Loading />;
    const { error } = contact;
    return (
      <>
        {back}
        {/not_found$/.test(error.code) ? <Notice kind="warn">{t('notFound', { id: customerId })}</Notice> : <ErrorNotice error={error} onRetry={contact.reload} />}
      </>
    );
  }
  const view = contact.data;
  const currency = view.rfm.currency;
  const steps = bandSteps(view.bandHistory ?? []);
  const purchases = allPurchases ? view.purchases : view.purchases.slice(0, SHOWN_PURCHASES);
  const attributes = Object.entries(view.attributes ?? {});
  const withItems = view.purchases.some((purchase) => purchase.items?.length);

  const exportData = async () => {
    setProblem(null);
    const answer = await client().text(`${contactPath(customerId)}/export`);
    if (!answer.ok) return setProblem(answer.error);
    const file = exportFileName(customerId);
    const url = URL.createObjectURL(new Blob([answer.data], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
    setExported(file);
  };
  const erase = async () => {
    if (!confirmsErase(confirmation, customerId)) {
      setMismatch(true);
      confirmInput.current?.focus();
      return;
    }
    setBusy(true);
    const answer = await client().send('DELETE', contactPath(customerId));
    setBusy(false);
    if (!answer.ok) return setProblem(answer.error);
    erasedId.value = customerId;
    navigate({ page: 'contacts' });
  };
  const closeDialog = () => {
    setErasing(false);
    setConfirmation('');
    setMismatch(false);
  };

  return (
    <>
      {back}
      <Card
        class="ct-head"
        title={
          <span class="ct-title">
            <span class="mono" data-testid="contact-id">
              {view.customerId}
            </span>
            {view.rfm.named ? <Badge kind="accent">{namedLabel(view.rfm.named)}</Badge> : null}
          </span>
        }
        actions={
          <>
            <button type="button" onClick={exportData}>
              ⤓ {t('export')}
            </button>
            <button type="button" class="danger" onClick={() => (setProblem(null), setErasing(true))}>
              {t('erase')}
            </button>
          </>
        }
      >
        <div class="stack">
          <div class="muted">{view.email ?? '—'}</div>
          {attributes.length ? (
            <dl class="ct-attrs" aria-label={t('attributes')}>
              {attributes.map(([name, value]) => (
                <div>
                  <dt>{name}</dt>
                  <dd>{attributeText(value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {exported ? <Notice kind="ok">{t('exported', { file: exported })}</Notice> : null}
          {problem && !erasing ? <ErrorNotice error={problem} /> : null}
        </div>
      </Card>

      <div class="grid g4">
        <Stat testId="stat-recency" label={t('recency')} value={view.rfm.recencyDays == null ? '—' : count(view.rfm.recencyDays)} />
        <Stat testId="stat-frequency" label={t('frequency')} value={count(view.rfm.frequency)} />
        <Stat testId="stat-monetary" label={t('monetary')} value={money(view.rfm.monetary, currency)} />
        <Stat testId="stat-named" label={t('segment')} value={namedLabel(view.rfm.named)} />
      </div>

      <div class="grid ct-split">
        <RfmCard rfm={view.rfm} labels={labels} />
        <Card title={t('history')}>
          {steps.length ? (
            <ol class="ct-timeline" data-testid="band-history">
              {steps.map((step) => (
                <li>
                  <div class="row spread">
                    <strong class="small">{date(`${step.day}T12:00:00Z`)}</strong>
                    <span class="small muted">{step.first ? t('firstSeen') : namedLabel(step.named)}</span>
                  </div>
                  <Bands bands={step.bands} label={labels} changed={step.changed} />
                  {step.first ? <span class="small muted">{namedLabel(step.named)}</span> : null}
                </li>
              ))}
            </ol>
          ) : (
            <Empty>{t('noHistory')}</Empty>
          )}
        </Card>
      </div>

      <Card title={t('segments')} actions={<Badge>{count(view.segments.length)}</Badge>}>
        {view.segments.length ? (
          <ul class="ct-segments" data-testid="contact-segments">
            {view.segments.map((segment) => (
              <li data-key={segment.key}>
                <div class="row">
                  <strong>{segment.name}</strong>
                  <span class="mono faint">{segment.key}</span>
                </div>
                {segment.why.length ? (
                  <ul class="ct-why" aria-label={t('why')}>
                    {segment.why.map((outcome) => (
                      <Why outcome={outcome} currency={currency} labels={labels} />
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('noSegments')}</Empty>
        )}
      </Card>

      <Card
        title={t('purchases')}
        actions={
          view.purchases.length > SHOWN_PURCHASES ? (
            <button type="button" class="small" onClick={() => setAllPurchases(!allPurchases)} aria-expanded={allPurchases}>
              {allPurchases ? t('showFewer') : t(view.purchases.length < LATEST_PURCHASES ? 'showAll' : 'showLatest', { n: count(view.purchases.length) })}
            </button>
          ) : (
            <Badge>{count(view.purchases.length)}</Badge>
          )
        }
      >
        {view.purchases.length ? (
          <Table head={[t('order'), t('date'), t('status'), ...(withItems ? [[t('items')] as [string]] : []), [t('amount')]]} testId="contact-purchases">
            {purchases.map((purchase) => (
              <tr>
                <td class="mono">{purchase.orderId}</td>
                <td>{dateTime(purchase.purchasedAt)}</td>
                <td>
                  <Badge kind={purchase.status === 'completed' ? 'good' : 'bad'}>{word(purchase.status)}</Badge>
                </td>
                {withItems ? <td class="num">{purchase.items ? count(purchase.items.reduce((sum, item) => sum + (item.quantity ?? 1), 0)) : '—'}</td> : null}
                <td class="num">{money(purchase.amount, currency)}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <Empty>{t('noPurchases')}</Empty>
        )}
      </Card>

      <Card title={t('behaviour')}>
        {view.events.length ? (
          <Table head={[t('event'), t('details'), [t('date')]]} testId="contact-events">
            {view.events.map((event) => (
              <tr>
                <td>{word(event.type)}</td>
                <td class="ct-wrap">{eventSummary(event.props)}</td>
                <td class="num">{dateTime(event.at)}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <Empty>{t('noBehaviour')}</Empty>
        )}
      </Card>
      <Card title={t('deliveries')}>
        {view.deliveries.length ? (
          <Table head={[t('trigger'), t('change'), t('status'), [t('attempts')], [t('date')]]} testId="contact-deliveries">
            {view.deliveries.map((delivery) => (
              <tr>
                <td class="mono">{delivery.triggerId}</td>
                <td>
                  {delivery.segmentKey ? <span class="mono">{delivery.segmentKey}</span> : null} {word(delivery.change)}
                </td>
                <td>
                  <Badge kind={delivery.status === 'delivered' ? 'good' : delivery.status === 'dead' ? 'bad' : undefined}>{word(delivery.status)}</Badge>
                </td>
                <td class="num">{count(delivery.attempts)}</td>
                <td class="num">{dateTime(delivery.createdAt)}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <Empty>{t('noDeliveries')}</Empty>
        )}
      </Card>

      {erasing ? (
        <ConfirmDialog title={t('eraseTitle', { id: customerId })} confirmLabel={t('eraseConfirm')} danger busy={busy} onConfirm={erase} onCancel={closeDialog}>
          <p class="muted">{t('eraseBody')}</p>
          <Field label={t('eraseType', { id: customerId })} error={mismatch ? t('eraseMismatch') : null}>
            <input
              ref={confirmInput}
              name="eraseConfirmation"
              autoComplete="off"
              spellcheck={false}
              value={confirmation}
              aria-invalid={mismatch || undefined}
              onInput={(event) => (setConfirmation(event.currentTarget.value), setMismatch(false))}
              onKeyDown={(event) => event.key === 'Enter' && erase()}
            />
          </Field>
          {problem ? <ErrorNotice error={problem} /> : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
