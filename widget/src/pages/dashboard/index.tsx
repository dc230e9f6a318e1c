import { useState } from 'preact/hooks';
import { count, date, isoDay, money, percent } from '../../format.ts';
import { locale } from '../../i18n.ts';
import { useLoad } from '../../load.ts';
import { session } from '../../session.ts';
import { Card, Empty, ErrorNotice, Field, Loading, Notice, Stat } from '../../ui/index.tsx';
import { Heatmaps } from './heatmap.tsx';
import { RecencyCard } from './recency.tsx';
import { bandName, segmentName, t, type DashboardKey } from './messages.ts';
import { bandRange, change, checkPeriod, COMPARE_CHOICES, periodQuery, ratio, thresholdsOf, type Dimension, type Period } from './model.ts';
import type { BandRow, DashboardData, MovedCount, Movement } from './types.ts';

const NO_PERIOD: Period = { asOf: '', from: '', to: '', compareDays: 30 };

/** The RFM dashboard: who the customers are, per band and band pair, for any as-of day and time frame. */
export function DashboardPage() {
  const api = session.value!.api;
  const [period, setPeriod] = useState<Period>(NO_PERIOD);
  const loaded = useLoad(() => api.get<DashboardData>('/v1/admin/dashboard', periodQuery(period)), [api, period]);
  const data = loaded.data;
  return (
    <div class="stack dash">
      <Toolbar applied={period} onApply={setPeriod} data={data} />
      {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {!data ? (
        loaded.state === 'loading' ? (
          <Loading />
        ) : null
      ) : data.totals.contacts ? (
        <Report data={data} period={period} />
      ) : (
        <Card>
          <Empty>
            <span data-testid="dashboard-empty">{data.period?.historical ? t('emptyAsOf', { asOf: date(data.asOf) }) : t('empty')}</span>
          </Empty>
        </Card>
      )}
    </div>
  );
}

function Toolbar({ applied, onApply, data }: { applied: Period; onApply: (period: Period) => void; data: DashboardData | undefined }) {
  const [draft, setDraft] = useState(applied);
  const today = isoDay(new Date());
  const problems = checkPeriod(draft, today);
  const field = (name: 'asOf' | 'from' | 'to') => (
    <Field label={t(name)} error={problems[name] ? t(`p_${problems[name]}`) : null} {...(name === 'asOf' ? {} : { hint: t('frameHint') })}>
      <input type="date" name={name} max={today} value={draft[name]} aria-invalid={problems[name] ? true : undefined} onInput={(event) => setDraft({ ...draft, [name]: event.currentTarget.value })} />
    </Field>
  );
  return (
    <form
      class="card dash-toolbar"
      aria-label={t('asOf')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!Object.keys(problems).length) onApply(draft);
      }}
    >
      {field('asOf')}
      {field('from')}
      {field('to')}
      <Field label={t('compare')}>
        <select name="compareDays" value={draft.compareDays} onChange={(event) => setDraft({ ...draft, compareDays: Number(event.currentTarget.value) })}>
          {COMPARE_CHOICES.map((days) => (
            <option value={days}>{t('compareDays', { days })}</option>
          ))}
        </select>
      </Field>
      <div class="row dash-actions">
        <button type="submit" class="primary" disabled={Object.keys(problems).length > 0}>
          {t('update')}
        </button>
        <button
          type="button"
          class="ghost"
          onClick={() => {
            setDraft(NO_PERIOD);
            onApply(NO_PERIOD);
          }}
        >
          {t('reset')}
        </button>
      </div>
      {data ? (
        <p class="muted small dash-summary" data-testid="dashboard-summary">
          {t('summary', { asOf: date(data.asOf), frame: data.windowDays ? t('window', { days: data.windowDays }) : t('allTime') })}
          {data.period ? ` · ${t('frame', { from: date(data.period!.from), to: date(data.period!.to) })}` : ''}
        </p>
      ) : null}
    </form>
  );
}

function Report({ data, period }: { data: DashboardData; period: Period }) {
  const currency = data.currency || session.value!.workspace.currency;
  const cash = (minor: number) => money(minor, currency);
  const { totals } = data;
  const recent = data.recency?.recent;
  const earlier = data.recency?.earlier;
  // the band history may not reach back to the comparison day yet: then everyone is "new" and nobody "moved"
  const allNew = data.movement?.newContacts === totals.contacts;
  const movement = allNew ? undefined : data.movement;
  const aov = (value: typeof totals) => Math.round(ratio(value.revenue, value.transactions));
  // the last compareDays days against the compareDays before them
  const spanDelta = (now: number | undefined, before: number | undefined) => {
    const moved = now === undefined ? null : change(now, before);
    return moved ? { direction: moved.direction, text: t('spanDelta', { change: moved.ratio === null ? count(moved.difference) : `${moved.difference > 0 ? '+' : ''}${percent(moved.ratio)}`, days: period.compareDays }) } : undefined;
  };
  const newContacts = movement?.newContacts;
  const deltas: Partial<Record<DashboardKey, ReturnType<typeof spanDelta>>> = {
    contacts: newContacts === undefined ? undefined : { direction: newContacts > 0 ? 'up' : 'flat', text: t('newContacts', { count: count(newContacts), days: period.compareDays }) },
    revenue: spanDelta(recent?.revenue, earlier?.revenue),
    transactions: spanDelta(recent?.orders, earlier?.orders),
    aov: recent?.orders && earlier?.orders ? spanDelta(ratio(recent.revenue, recent.orders), ratio(earlier.revenue, earlier.orders)) : undefined,
  };
  const stat = (key: DashboardKey, shown: string) => {
    const moved = deltas[key];
    return <Stat label={t(key)} value={shown} testId={`kpi-${key}`} {...(moved ? { delta: moved } : {})} />;
  };
  return (
    <>
      <div class="grid g4">
        {stat('contacts', count(totals.contacts))}
        {stat('revenue', cash(totals.revenue))}
        {stat('transactions', count(totals.transactions))}
        {stat('aov', cash(aov(totals)))}
      </div>
      {allNew ? (
        <Notice>
          <span data-testid="no-movement">{t('allNew', { count: count(totals.contacts), date: date(data.period?.compareTo ?? data.asOf) })}</span>
        </Notice>
      ) : null}
      {(['r', 'f', 'm'] as const).map((dimension) => (
        <DimensionCard dimension={dimension} bands={data.bands[dimension]} cash={cash} moved={movement?.[dimension]} days={period.compareDays} frameIsWindow={data.period?.frameIsWindow ?? false} />
      ))}
      {data.recency ? <RecencyCard recency={data.recency} cash={cash} /> : null}
      <Heatmaps data={data} cash={cash} />
      <NamedCard data={data} cash={cash} moved={movement?.named} />
    </>
  );
}

function DimensionCard({ dimension, bands, cash, moved, days, frameIsWindow }: { dimension: Dimension; bands: BandRow[]; cash: (minor: number) => string; moved: MovedCount | undefined; days: number; frameIsWindow: boolean }) {
  const thresholds = thresholdsOf(bands);
  const range = (index: number) => {
    const found = bandRange(dimension, index, thresholds);
    const shown = (value: number) => (dimension === 'm' ? cash(value) : count(value));
    if (!found) return '';
    return found.kind === 'atMost' ? `≤ ${shown(found.value)}` : found.kind === 'above' ? `> ${shown(found.value)}` : `${shown(found.low)} – ${shown(found.high)}`;
  };
  const extra = dimension === 'f' ? t('perCustomer') : dimension === 'm' && !frameIsWindow && bands.some((band) => band.frameRevenue !== undefined) ? t('inFrame') : null;
  return (
    <Card
      title={t(`dim_${dimension}`)}
      actions={
        <>
          <span class="muted small">{t(`unit_${dimension}`)}</span>
          {moved ? (
            <span class="row dash-moved" data-testid={`moved-${dimension}`} title={t('moved', { days })}>
              <span class="badge good">▲ {t('up', { count: count(moved.up) })}</span>
              <span class="badge bad">▼ {t('down', { count: count(moved.down) })}</span>
            </span>
          ) : null}
        </>
      }
      class={`dash-dim dash-${dimension}`}
    >
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('band')}</th>
              <th scope="col" class="num">
                {t('contacts')}
              </th>
              <th scope="col" class="dash-share">
                {t('share')}
              </th>
              <th scope="col" class="num">
                {t('revenue')}
              </th>
              <th scope="col" class="num">
                {t('transactions')}
              </th>
              <th scope="col" class="num">
                {t('aov')}
              </th>
              {extra ? (
                <th scope="col" class="num">
                  {extra}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {bands.map((band, index) => (
              <tr data-band={`${dimension}:${band.key}`}>
                <th scope="row">
                  <span class="dash-band">{bandName(band)}</span> <span class="faint small mono">{range(index)}</span>
                </th>
                <td class="num" data-field="contacts">
                  {count(band.contacts)}
                </td>
                <td class="dash-share">
                  <Share value={band.share} />
                </td>
                <td class="num" data-field="revenue">
                  {cash(band.revenue)}
                </td>
                <td class="num">{count(band.transactions)}</td>
                <td class="num">{cash(band.averageOrderValue)}</td>
                {extra ? (
                  <td class="num" data-field="extra">
                    {dimension === 'f' ? new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(band.transactionsPerContact ?? ratio(band.transactions, band.contacts)) : cash(band.frameRevenue ?? 0)}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function Share({ value }: { value: number }) {
  return (
    <span class="dash-sharecell">
      <span class="bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, value * 100)}%` }} />
      </span>
      <span class="num">{percent(value)}</span>
    </span>
  );
}

function NamedCard({ data, cash, moved }: { data: DashboardData; cash: (minor: number) => string; moved: Movement['named'] }) {
  const rows = [...data.named].sort((a, b) => b.contacts - a.contacts);
  return (
    <Card title={t('named')} class="dash-named">
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('segment')}</th>
              <th scope="col" class="num">
                {t('contacts')}
              </th>
              <th scope="col" class="dash-share">
                {t('share')}
              </th>
              <th scope="col" class="num">
                {t('revenue')}
              </th>
              {moved ? (
                <th scope="col" class="num">
                  {t('movement')}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((segment) => (
              <tr data-named={segment.key}>
                <th scope="row">{segmentName(segment)}</th>
                <td class="num">{count(segment.contacts)}</td>
                <td class="dash-share">
                  <Share value={ratio(segment.contacts, data.totals.contacts)} />
                </td>
                <td class="num">{cash(segment.revenue)}</td>
                {moved ? (
                  <td class="num" data-field="movement">
                    <span class={moved[segment.key]?.entered ? 'up' : 'faint'}>+{count(moved[segment.key]?.entered ?? 0)}</span> / <span class={moved[segment.key]?.left ? 'down' : 'faint'}>−{count(moved[segment.key]?.left ?? 0)}</span>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
