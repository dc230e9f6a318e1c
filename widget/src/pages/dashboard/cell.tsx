import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api.ts';
import { count } from '../../format.ts';
import { useLoad } from '../../load.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { ErrorNotice, Field, Loading, Notice } from '../../ui/index.tsx';
import { t } from './messages.ts';
import { checkSegmentForm, segmentKeyFrom } from './model.ts';
import type { CellContacts, CellSelection as Selected, DashboardData } from './types.ts';

/**
 * A heatmap cell's contacts and the "save as segment" form, in a modal dialog. Loaded when a cell is first opened,
 * so the dashboard's first paint does not carry it.
 */
/** One page of a cell's contacts with the rule that selects them (GET /v1/admin/dashboard/cell, today's state). */
const loadCell = (api: ApiClient, selected: Selected, cursor?: string) =>
  api.get<CellContacts>('/v1/admin/dashboard/cell', { pair: selected.pair, row: selected.row, column: selected.column, limit: 100, cursor });

export function CellDialog({ selected, data, cash, onClose }: { selected: Selected; data: DashboardData; cash: (minor: number) => string; onClose: () => void }) {
  const api = session.value!.api;
  const loaded = useLoad(() => loadCell(api, selected), [api, selected]);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // a modal <dialog> sits in the top layer: above the host page, centred in the viewport, the rest inert
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);
  // further pages of the cell (GET /dashboard/cell?cursor=), appended below the first
  const [more, setMore] = useState<{ contacts: CellContacts['contacts']; cursor: string | null | undefined; busy?: boolean } | null>(null);
  const first = loaded.data;
  const cell = first && more ? { ...first, contacts: [...first.contacts, ...more.contacts], nextCursor: more.cursor } : first;
  const loadMore = async () => {
    if (!cell?.nextCursor) return;
    setMore({ contacts: more?.contacts ?? [], cursor: cell.nextCursor, busy: true });
    const page = await loadCell(api, selected, cell.nextCursor);
    setMore({ contacts: [...(more?.contacts ?? []), ...(page.ok ? page.data.contacts : [])], cursor: page.ok ? page.data.nextCursor : cell.nextCursor });
  };
  // leave the top layer before handing the focus back: while the modal is open the rest of the page is inert
  const close = () => {
    dialog.current?.close?.();
    onClose();
  };
  return (
    <dialog
      class="dash-dialog"
      aria-labelledby={titleId}
      ref={dialog}
      onCancel={(event) => (event.preventDefault(), close())}
      onClick={(event) => event.target === event.currentTarget && close()}
      data-testid="cell-dialog"
    >
      <div class="dialog">
        <header class="row spread">
          <h2 id={titleId}>{selected.name}</h2>
          <button type="button" class="ghost small" onClick={close}>
            {t('close')}
          </button>
        </header>
        {loaded.state === 'failed' ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
        {!cell ? (
          loaded.state === 'loading' ? <Loading /> : null
        ) : (
          <>
            {data.period?.historical ? <Notice kind="warn">{t('cellToday')}</Notice> : null}
            <p class="muted" data-testid="cell-count">
              {t('cellCount', { count: count(cell.count) })}
              {cell.contacts.length < cell.count ? ` · ${t('showing', { count: count(cell.contacts.length) })}` : ''}
            </p>
            <div class="table-wrap dash-list">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('customer')}</th>
                    <th scope="col">{t('email')}</th>
                    <th scope="col" class="num">
                      {t('colR')}
                    </th>
                    <th scope="col" class="num">
                      {t('colF')}
                    </th>
                    <th scope="col" class="num">
                      {t('colM')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {cell.contacts.map((contact) => (
                    <tr data-customer={contact.customerId}>
                      <td>
                        <a
                          href={`#/contacts/${encodeURIComponent(contact.customerId)}`}
                          class="mono"
                          onClick={(event) => {
                            event.preventDefault();
                            navigate({ page: 'contacts', param: contact.customerId });
                          }}
                        >
                          {contact.customerId}
                        </a>
                      </td>
                      <td class="muted">{contact.email ?? '—'}</td>
                      <td class="num">{contact.recencyDays == null ? '—' : count(contact.recencyDays)}</td>
                      <td class="num">{count(contact.frequency)}</td>
                      <td class="num">{cash(contact.monetary)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {cell.nextCursor ? (
              <button type="button" class="small dash-more" disabled={more?.busy} onClick={loadMore}>
                {t('more')}
              </button>
            ) : null}
            <SaveSegment cell={cell} suggestedName={selected.name} />
          </>
        )}
      </div>
    </dialog>
  );
}

function SaveSegment({ cell, suggestedName }: { cell: CellContacts; suggestedName: string }) {
  const api = session.value!.api;
  const [name, setName] = useState(suggestedName);
  const [key, setKey] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState<string[]>([]);
  const [failure, setFailure] = useState<{ message: string; field?: string } | null>(null);
  const [saved, setSaved] = useState<{ key: string; name: string; memberCount?: number } | null>(null);
  const shownKey = key ?? segmentKeyFrom(name);
  const problems = checkSegmentForm({ name, key: shownKey }, taken);
  const problem = (field: 'name' | 'key') => (touched && problems[field] ? t(`f_${problems[field]}`) : failure?.field === field ? failure.message : null);
  if (saved) {
    return (
      <Notice kind="ok">
        <div class="row spread" data-testid="segment-saved">
          <span>{t('saved', { name: saved.name, count: count(saved.memberCount ?? cell.count) })}</span>
          <a class="button small" href={`#/segments/${saved.key}`} onClick={(event) => (event.preventDefault(), navigate({ page: 'segments', param: saved.key }))}>
            {t('open')}
          </a>
        </div>
      </Notice>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setFailure(null);
    const result = await api.send<{ key: string; name: string; memberCount?: number }>('POST', '/v1/admin/segments', { key: shownKey, name: name.trim(), direction: 'outbound', rule: cell.rule });
    setBusy(false);
    if (result.ok) return setSaved(result.data);
    if (result.status === 409) setTaken([...taken, shownKey]);
    else setFailure(result.error);
  };
  return (
    <form class="dash-save" onSubmit={submit} noValidate aria-label={t('saveAs')}>
      <h3>{t('saveAs')}</h3>
      <div class="dash-saverow">
        <Field label={t('name')} error={problem('name')}>
          <input name="segmentName" value={name} maxLength={120} aria-invalid={problem('name') ? true : undefined} onInput={(event) => setName(event.currentTarget.value)} />
        </Field>
        <Field label={t('key')} hint={t('keyHint')} error={problem('key')}>
          <input name="segmentKey" class="mono" value={shownKey} spellcheck={false} aria-invalid={problem('key') ? true : undefined} onInput={(event) => setKey(event.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? <span class="spinner" aria-hidden="true" /> : null}
          {t('save')}
        </button>
      </div>
      {failure && !failure.field ? <Notice kind="error">{failure.message}</Notice> : null}
    </form>
  );
}
