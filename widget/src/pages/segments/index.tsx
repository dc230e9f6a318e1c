import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api.ts';
import { count } from '../../format.ts';
import { useLoad } from '../../load.ts';
import { navigate, route, routeHref } from '../../router.ts';
import { session } from '../../session.ts';
import { Badge, Card, ConfirmDialog, ErrorNotice, Loading, Notice } from '../../ui/index.tsx';
import { SegmentEditor } from './editor.tsx';
import { t } from './messages.ts';
import type { PreviewResult, RfmConfigView, SegmentView } from './types.ts';

/** The editor's route parameter for a new segment; segment keys start with a letter, so it cannot clash. */
const NEW = '_new';
/** Above this many contacts counting every inbound segment unasked is too slow; each has a Count button instead. */
const AUTO_COUNT_LIMIT = 50_000;

/** Segments: the list at #/segments, the editor at #/segments/<key> (or #/segments/_new). */
export function SegmentsPage() {
  const param = route.value.param;
  const api = session.value!.api;
  const [flash, setFlash] = useState<string | null>(null);
  const segments = useLoad(() => api.get<{ segments: SegmentView[] }>('/v1/admin/segments'), [param]);
  const rfm = useLoad(() => api.get<RfmConfigView>('/v1/admin/rfm-config'), []);
  useEffect(() => void (param && setFlash(null)), [param]);
  const done = (name: string, deleted?: boolean) => {
    setFlash(t('done', { name, what: t(deleted ? 'deleted' : 'saved') }));
    if (param) navigate({ page: 'segments' });
    else segments.reload();
  };

  if (segments.state === 'failed') return <ErrorNotice error={segments.error} onRetry={segments.reload} />;
  if (!segments.data || rfm.state === 'loading') return <Loading />;
  const list = segments.data.segments;
  const segment = param === NEW ? null : list.find((candidate) => candidate.key === param);
  if (!param) return <SegmentList segments={list} flash={flash} onDone={done} />;
  if (segment === undefined) return <Notice kind="warn">{t('notFound', { key: param })}</Notice>;
  return <SegmentEditor key={param} segment={segment} segments={list} rfm={rfm.data} onDone={done} />;
}

function SegmentList({ segments, flash, onDone }: { segments: SegmentView[]; flash: string | null; onDone: (name: string, deleted?: boolean) => void }) {
  const api = session.value!.api;
  const [sizes, setSizes] = useState<Record<string, number | ApiError | undefined>>({});
  const [deleting, setDeleting] = useState<SegmentView | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);

  /** Inbound segments have no stored size: the preview counts them (sample size 0). */
  const measure = async ({ key, direction, rule, priority, exclusions, lifecycleGroup }: SegmentView) => {
    const outcome = await api.send<PreviewResult>('POST', '/v1/admin/segments/preview', { key, direction, rule, priority, exclusions, lifecycleGroup, sampleSize: 0 });
    setSizes((previous) => ({ ...previous, [key]: outcome.ok ? outcome.data.matching : outcome.error }));
    return outcome.ok && outcome.data.contacts <= AUTO_COUNT_LIMIT;
  };
  useEffect(() => {
    let go = true;
    (async () => {
      for (const segment of segments) if (segment.memberCount === undefined && !(go &&= await measure(segment))) return;
    })();
    return () => void (go = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [segments]);

  const remove = async () => {
    const outcome = await api.send('DELETE', `/v1/admin/segments/${deleting!.key}`);
    setDeleting(null);
    if (outcome.ok) onDone(deleting!.name, true);
    else setFailure(outcome.error);
  };
  const open = (param: string) => navigate({ page: 'segments', param });

  return (
    <Card
      title={t('segments', { count: count(segments.length) })}
      actions={
        <button type="button" class="primary" onClick={() => open(NEW)}>
          + {t('newSegment')}
        </button>
      }
    >
      <div class="stack">
        {flash ? <Notice kind="ok">{flash}</Notice> : null}
        {failure ? <ErrorNotice error={failure} /> : null}
        <div class="table-wrap">
          <table class="seg-table" data-testid="segment-table">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('key')}</th>
                <th>{t('direction')}</th>
                <th>{t('group')}</th>
                <th class="num">{t('priority')}</th>
                <th class="num">{t('size')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {segments.map((segment) => {
                const size = segment.memberCount ?? sizes[segment.key];
                return (
                  <tr data-key={segment.key}>
                    <td>
                      <a
                        href={routeHref({ page: 'segments', param: segment.key })}
                        onClick={(event) => {
                          event.preventDefault();
                          open(segment.key);
                        }}
                      >
                        {segment.name}
                      </a>{' '}
                      {segment.kind === 'rfm' ? <Badge>{t('preset')}</Badge> : null}
                    </td>
                    <td class="mono">{segment.key}</td>
                    <td>
                      <Badge kind={segment.direction === 'inbound' ? 'accent' : 'good'}>{t(segment.direction).split(' ·')[0]!}</Badge>
                    </td>
                    <td class="mono">{segment.lifecycleGroup ?? '—'}</td>
                    <td class="num">{segment.priority}</td>
                    <td class="num" data-testid="segment-size">
                      {typeof size === 'number' ? (
                        count(size)
                      ) : (
                        <button type="button" class="small ghost" title={size?.message} onClick={() => measure(segment)}>
                          {t('count')}
                        </button>
                      )}
                    </td>
                    <td class="seg-actions">
                      <button type="button" class="small" onClick={() => open(segment.key)}>
                        {t('edit')}
                      </button>
                      <button type="button" class="small danger" aria-label={`${t('delete')} ${segment.name}`} onClick={() => setDeleting(segment)}>
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
        <ConfirmDialog title={t('deleteTitle', { name: deleting.name })} confirmLabel={t('delete')} danger onConfirm={remove} onCancel={() => setDeleting(null)}>
          <p class="muted">{t('deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}
