import { useEffect, useRef, useState } from 'preact/hooks';
import { bandCountsFromPoints, type WeightedPoint } from '../../../../edge/engine/rfm/band-counts.ts';
import type { Dimension, DimensionBands, RfmConfig } from '../../../../edge/engine/rfm/index.ts';
import type { ApiError } from '../../api.ts';
import { count, money, percent } from '../../format.ts';
import { useLoad } from '../../load.ts';
import { session } from '../../session.ts';
import { Badge, Card, ConfirmDialog, ErrorNotice, Field, Loading, Notice } from '../../ui/index.tsx';
import type { RfmConfigView } from '../segments/types.ts';
import { t, type BandMessageKey } from './messages.ts';
import { axisMax, bins, checkConfig, cutPosition, fractionAt, placeThreshold, stepOf, switchMode, valueAt, type BandProblems } from './model.ts';

/** GET /v1/admin/dashboard/distribution, per dimension: weighted points sorted by value, and who is outside the quantiles. */
interface DimensionPoints {
  points: WeightedPoint[];
  outsideQuantiles?: number;
}
type Distribution = Record<Dimension, DimensionPoints>;

const DIMENSIONS: Dimension[] = ['r', 'f', 'm'];

export function BandsPage() {
  const api = session.value!.api;
  const [version, setVersion] = useState(0);
  const saved = useLoad(() => api.get<RfmConfigView>('/v1/admin/rfm-config'), [version]);
  const distribution = useLoad(() => api.get<Distribution & { dimensions?: Distribution }>('/v1/admin/dashboard/distribution'), [version]);
  const [draft, setDraft] = useState<RfmConfig | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ seconds: string } | ApiError | null>(null);
  useEffect(() => void (saved.state === 'ready' && setDraft(saved.data.config)), [saved.state]);

  const failed = saved.state === 'failed' ? saved : distribution.state === 'failed' ? distribution : null;
  if (failed) return <ErrorNotice error={failed.error} onRetry={failed.reload} />;
  if (!saved.data || !distribution.data || !draft) return <Loading />;
  const config = saved.data.config;
  const dimensions = distribution.data.dimensions ?? distribution.data;
  const problems = checkConfig(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(config);
  const setBands = (dimension: Dimension, bands: DimensionBands) => setDraft({ ...draft, bands: { ...draft.bands, [dimension]: bands } });

  const save = async () => {
    setBusy(true);
    const result = await api.send<{ rebuild: { milliseconds: number } }>('PUT', '/v1/admin/rfm-config', draft);
    setBusy(false);
    setConfirming(false);
    setOutcome(result.ok ? { seconds: (result.data.rebuild.milliseconds / 1000).toFixed(1) } : result.error);
    if (result.ok) setVersion(version + 1);
  };

  return (
    <div class="stack">
      <Card>
        <div class="row band-bar">
          <Field label={t('window')} error={problems.windowDays ? t(problems.windowDays) : null}>
            <input
              name="windowDays"
              type="number"
              class="num"
              min={1}
              max={3650}
              disabled={draft.windowDays === null}
              value={draft.windowDays ?? ''}
              onInput={(event) => setDraft({ ...draft, windowDays: Number(event.currentTarget.value) })}
            />
          </Field>
          <label class="row">
            <input type="checkbox" checked={draft.windowDays === null} onChange={(event) => setDraft({ ...draft, windowDays: event.currentTarget.checked ? null : (config.windowDays ?? 365) })} />
            {t('allTime')}
          </label>
          <span class="grow" />
          {dirty ? <Badge kind="accent">{t('unsaved')}</Badge> : null}
          <button type="button" disabled={!dirty} onClick={() => setDraft(config)}>
            {t('reset')}
          </button>
          <button type="button" class="primary" disabled={!dirty || Object.keys(problems).length > 0} onClick={() => setConfirming(true)}>
            {t('save')}
          </button>
        </div>
        {draft.windowDays !== config.windowDays ? <p class="muted small">{t('windowNote')}</p> : null}
      </Card>
      {outcome ? 'seconds' in outcome ? <Notice kind="ok">{t('saved', outcome)}</Notice> : <ErrorNotice error={outcome} /> : null}
      {DIMENSIONS.map((dimension) => (
        <DimensionCard
          dimension={dimension}
          bands={draft.bands[dimension]}
          savedBands={config.bands[dimension]}
          data={dimensions[dimension]}
          fallback={saved.data!.thresholds.bands[dimension]}
          problems={problems}
          onChange={(bands) => setBands(dimension, bands)}
        />
      ))}
      <p class="muted small">{t('keysNote')}</p>
      {confirming ? (
        <ConfirmDialog title={t('confirmTitle')} confirmLabel={t('save')} busy={busy} onConfirm={save} onCancel={() => setConfirming(false)}>
          <p class="muted">{t('confirmBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function DimensionCard({ dimension, bands, savedBands, data, fallback, problems, onChange }: { dimension: Dimension; bands: DimensionBands; savedBands: DimensionBands; data: DimensionPoints; fallback: [number, number]; problems: BandProblems; onChange: (bands: DimensionBands) => void }) {
  const currency = session.value!.workspace.currency;
  const options = { outsideQuantiles: data.outsideQuantiles ?? 0 };
  const recount = bandCountsFromPoints(bands, data.points, fallback, options);
  const before = bandCountsFromPoints(savedBands, data.points, fallback, options).counts;
  const quantile = bands.mode === 'quantile';
  /** what users type: days, orders, currency units, or percent */
  const scale = quantile ? 0.01 : dimension === 'm' ? 100 : 1;
  const show = (value: number) => (dimension === 'm' ? money(value, currency) : `${count(value)} ${t(`${value === 1 ? 'one' : 'unit'}${dimension as 'r'}`)}`);
  const problem = (place: string) => (problems[`${dimension}.${place}`] ? t(problems[`${dimension}.${place}`] as BandMessageKey) : null);
  const [low, high] = recount.thresholds;
  const rename = (index: number, part: 'key' | 'label', text: string) => {
    const names = bands.names.map((name, at) => (at === index ? { ...name, [part]: text } : name)) as DimensionBands['names'];
    onChange({ ...bands, names });
  };
  return (
    <Card
      title={t(dimension)}
      actions={
        <label class="row small band-mode">
          {t('mode')}
          <select
            name={`${dimension}-mode`}
            value={bands.mode}
            onChange={(event) => event.currentTarget.value !== bands.mode && onChange(switchMode(bands, dimension, data.points, fallback, options.outsideQuantiles))}
          >
            <option value="fixed">{t('fixed')}</option>
            <option value="quantile">{t('quantile')}</option>
          </select>
        </label>
      }
    >
      <div class="stack" data-dimension={dimension}>
        {data.points.length ? <Histogram dimension={dimension} bands={bands} data={data} values={recount.thresholds} show={show} onChange={onChange} /> : <Notice>{t('noData')}</Notice>}
        <div class="grid g3 band-cols">
          {bands.names.map((name, index) => (
            <div class={`band-col band${index}`} data-band={index}>
              <div>
                <strong class="band-count" data-testid={`count-${dimension}-${index}`}>
                  {count(recount.counts[index]!)}
                </strong>{' '}
                <span class="muted">{percent(recount.shares[index]!)}</span>{' '}
                {before[index] !== recount.counts[index] ? <span class="faint small">{t('was', { count: count(before[index]!) })}</span> : null}
              </div>
              <p class="muted small">{index === 0 ? `≤ ${show(low)}` : index === 1 ? `${show(low)} < … ≤ ${show(high)}` : `> ${show(high)}`}</p>
              <div class="grid g2">
                <Field label={t('name')} error={problem(`names.${index}.label`)}>
                  <input name={`${dimension}-label-${index}`} value={name.label} onInput={(event) => rename(index, 'label', event.currentTarget.value)} />
                </Field>
                <Field label={t('key')} error={problem(`names.${index}.key`)}>
                  <input name={`${dimension}-key-${index}`} class="mono" spellcheck={false} value={name.key} onInput={(event) => rename(index, 'key', event.currentTarget.value.trim())} />
                </Field>
              </div>
              {index < 2 ? (
                <Field label={t('upTo', { band: name.label })} error={index ? problem('thresholds') : null}>
                  <span class="row band-input">
                    <input
                      name={`${dimension}-threshold-${index}`}
                      type="number"
                      class="num"
                      min={0}
                      step={dimension === 'm' && !quantile ? 0.01 : 1}
                      value={Math.round((bands.thresholds[index]! / scale) * 100) / 100}
                      onInput={(event) => {
                        const thresholds: [number, number] = [...bands.thresholds];
                        thresholds[index] = Math.round(Number(event.currentTarget.value) * scale * 1e4) / 1e4;
                        if (event.currentTarget.value !== '') onChange({ ...bands, thresholds });
                      }}
                    />
                    <span class="muted small">{quantile ? t('unitq') : dimension === 'm' ? currency : t(`unit${dimension as 'r'}`)}</span>
                  </span>
                </Field>
              ) : null}
            </div>
          ))}
        </div>
      </div>
    </Card>
  );
}

/** The distribution as bars coloured by band, with the two cut lines: drag them, or focus one and use the arrow keys. */
function Histogram({ dimension, bands, data, values, show, onChange }: { dimension: Dimension; bands: DimensionBands; data: DimensionPoints; values: [number, number]; show: (value: number) => string; onChange: (bands: DimensionBands) => void }) {
  const area = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState<0 | 1 | null>(null);
  const max = axisMax(data.points);
  const bars = bins(dimension, data.points, values, max);
  const tallest = Math.max(1, ...bars.map((bar) => bar.contacts));
  const place = (index: 0 | 1, wanted: number) => onChange({ ...bands, thresholds: placeThreshold(bands, dimension, index, wanted) });
  const move = (event: PointerEvent) => {
    if (dragging === null || !area.current) return;
    const box = area.current.getBoundingClientRect();
    const value = Math.max(0, valueAt(dimension, (event.clientX - box.left) / box.width, max) - 0.5);
    place(dragging, bands.mode === 'quantile' ? fractionAt(data.points, value, data.outsideQuantiles) : value);
  };
  return (
    <div>
      <div
        class={`hist${dragging === null ? '' : ' dragging'}${cutPosition(dimension, values[1], max) - cutPosition(dimension, values[0], max) < 0.12 ? ' near' : ''}`}
        ref={area}
        onPointerMove={move}
        onPointerUp={() => setDragging(null)}
        onPointerCancel={() => setDragging(null)}
        data-testid={`histogram-${dimension}`}
      >
        {bars.map((bar) => (
          <span class={`band${bar.band}`} style={{ height: `${(100 * bar.contacts) / tallest}%` }} />
        ))}
        {([0, 1] as const).map((index) => (
          <div
            class={`hist-cut c${index}`}
            role="slider"
            tabIndex={0}
            aria-label={t('cut', { low: bands.names[index].label, high: bands.names[index + 1]!.label })}
            aria-valuenow={bands.thresholds[index]}
            aria-valuetext={show(values[index])}
            data-testid={`cut-${dimension}-${index}`}
            style={{ left: `${100 * cutPosition(dimension, values[index], max)}%` }}
            onPointerDown={(event) => {
              event.preventDefault();
              area.current?.setPointerCapture(event.pointerId);
              (event.currentTarget as HTMLElement).focus();
              setDragging(index);
            }}
            onKeyDown={(event) => {
              const direction = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -10, PageUp: 10 }[event.key];
              if (!direction) return;
              event.preventDefault();
              place(index, bands.thresholds[index] + direction * (event.shiftKey ? 10 : 1) * stepOf(dimension, bands.mode));
            }}
          >
            <span>{show(values[index])}</span>
          </div>
        ))}
      </div>
      <div class="row spread faint small">
        <span>{show(0)}</span>
        <span>{show(max)}</span>
      </div>
    </div>
  );
}
