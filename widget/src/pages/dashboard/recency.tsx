import { locale } from '../../i18n.ts';
import { Card } from '../../ui/index.tsx';
import { t } from './messages.ts';
import { bucketLabel, peakIndex, type PeakKind } from './model.ts';
import { date } from '../../format.ts';
import type { PeakBucket, RecencyAnalytics, RecencySpan } from './types.ts';

const bucketName = (kind: PeakKind, key: string | number) => bucketLabel(kind, key, locale());

/** Revenue by month, weekday or hour as plain bars; the peak is highlighted and named for screen readers. */
function PeakChart({ title, kind, buckets, cash }: { title: string; kind: PeakKind; buckets: PeakBucket[]; cash: (minor: number) => string }) {
  const values = buckets.map((bucket) => bucket.revenue);
  const peak = peakIndex(values);
  const max = Math.max(1, ...values);
  const peakText = peak < 0 ? '—' : `${bucketName(kind, buckets[peak]!.key)} (${cash(values[peak]!)})`;
  return (
    <figure class="dash-chart" data-chart={kind}>
      <figcaption class="row spread">
        <span>{title}</span>
        <span class="muted small" data-testid={`peak-${kind}`}>
          {t('peak', { at: peakText })}
        </span>
      </figcaption>
      <div class="dash-bars" role="img" aria-label={`${title}. ${t('peak', { at: peakText })}`}>
        {buckets.map((bucket, index) => (
          <span class={index === peak ? 'peak' : ''} style={{ height: `${Math.max(2, (bucket.revenue / max) * 100)}%` }} title={`${bucketName(kind, bucket.key)}: ${cash(bucket.revenue)}`} />
        ))}
      </div>
      <div class="dash-ticks faint small" aria-hidden="true">
        <span>{buckets.length ? bucketName(kind, buckets[0]!.key) : ''}</span>
        <span>{buckets.length ? bucketName(kind, buckets[buckets.length - 1]!.key) : ''}</span>
      </div>
    </figure>
  );
}

function Products({ title, span, cash }: { title: string; span: RecencySpan; cash: (minor: number) => string }) {
  const { revenue, products } = span;
  return (
    <div class="stack dash-products">
      <h3 class="row spread">
        <span>
          {title}
          {span.from && span.to ? <span class="muted small dash-span"> {`${date(span.from)} – ${date(span.to)}`}</span> : null}
        </span>
        <span class="num">{cash(revenue)}</span>
      </h3>
      {products.length ? null : <p class="muted small">{t('noProducts')}</p>}
      <ol>
        {products.slice(0, 5).map((product) => (
          <li>
            <span class="dash-pname">{product.name || product.sku}</span>
            <span class="num">{cash(product.revenue)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Recency analytics: what sells recently vs earlier, the revenue difference, and when revenue peaks. */
export function RecencyCard({ recency, cash }: { recency: RecencyAnalytics; cash: (minor: number) => string }) {
  const difference = recency.revenueDifference ?? recency.recent.revenue - recency.earlier.revenue;
  const peaks = recency.peaks ?? {};
  return (
    <Card
      title={t('recency')}
      class="dash-recency"
      actions={
        <span class={`badge ${difference >= 0 ? 'good' : 'bad'}`} data-testid="revenue-difference">
          {t('difference')}: {difference > 0 ? '+' : ''}
          {cash(difference)}
        </span>
      }
    >
      <div class="grid g2">
        <Products title={t('recent')} span={recency.recent} cash={cash} />
        <Products title={t('earlier')} span={recency.earlier} cash={cash} />
      </div>
      <div class="grid g3 dash-charts">
        {peaks.month ? <PeakChart title={t('byMonth')} kind="month" buckets={peaks.month} cash={cash} /> : null}
        {peaks.weekday ? <PeakChart title={t('byWeekday')} kind="weekday" buckets={peaks.weekday} cash={cash} /> : null}
        {peaks.hour ? <PeakChart title={t('byHour')} kind="hour" buckets={peaks.hour} cash={cash} /> : null}
      </div>
    </Card>
  );
}
