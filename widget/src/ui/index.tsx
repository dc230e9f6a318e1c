import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { ApiError } from '../api.ts';
import { translator, type Messages } from '../i18n.ts';

const messages: Messages<'loading' | 'retry' | 'cancel' | 'confirm' | 'nothing'> = {
  en: { loading: 'Loading…', retry: 'Try again', cancel: 'Cancel', confirm: 'Confirm', nothing: 'Nothing here yet.' },
  de: { loading: 'Wird geladen…', retry: 'Erneut versuchen', cancel: 'Abbrechen', confirm: 'Bestätigen', nothing: 'Hier ist noch nichts.' },
};
const t = translator(messages);

export function Card({ title, actions, children, class: className = '', labelledBy }: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string; labelledBy?: string }) {
  const id = useId();
  return (
    <section class={`card ${className}`} aria-labelledby={title ? (labelledBy ?? id) : undefined}>
      {title || actions ? (
        <header>
          {title ? <h2 id={labelledBy ?? id}>{title}</h2> : <span />}
          {actions ? <div class="row">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}

export function Stat({ label, value, delta, testId }: { label: string; value: ComponentChildren; delta?: { text: string; direction: 'up' | 'down' | 'flat' }; testId?: string }) {
  return (
    <div class="card stat" data-testid={testId}>
      <div class="label">{label}</div>
      <div class="value">{value}</div>
      {delta ? <div class={`delta ${delta.direction === 'flat' ? 'muted' : delta.direction}`}>{delta.text}</div> : null}
    </div>
  );
}

/** A labelled control: the label wraps the input so screen readers and clicks both find it. */
export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string | null; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
      {hint ? <span class="hint">{hint}</span> : null}
      {error ? (
        <span class="error-text" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'ok' | 'error' | 'warn'; children: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <Notice kind="error">
      <div class="row spread">
        <span>
          {error.message}
          {error.field ? <span class="mono"> ({error.field})</span> : null}
        </span>
        {onRetry ? (
          <button class="small" type="button" onClick={onRetry}>
            {t('retry')}
          </button>
        ) : null}
      </div>
    </Notice>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <div class="empty" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {label ?? t('loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ComponentChildren }) {
  return <div class="empty">{children ?? t('nothing')}</div>;
}

export function Badge({ kind, children }: { kind?: 'accent' | 'good' | 'bad'; children: ComponentChildren }) {
  return <span class={`badge ${kind ?? ''}`}>{children}</span>;
}

export function Tabs<Key extends string>({ tabs, selected, onSelect, label }: { tabs: { key: Key; label: string }[]; selected: Key; onSelect: (key: Key) => void; label: string }) {
  const move = (event: JSX.TargetedKeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onSelect(next.key);
    const buttons = event.currentTarget.parentElement?.querySelectorAll('button');
    (buttons?.[(index + step + tabs.length) % tabs.length] as HTMLButtonElement | undefined)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab, index) => (
        <button type="button" class="tab" role="tab" aria-selected={tab.key === selected} tabIndex={tab.key === selected ? 0 : -1} onClick={() => onSelect(tab.key)} onKeyDown={(event) => move(event, index)}>
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** A modal confirmation: focus moves into it, Escape cancels, and the confirm button says what will happen. */
export function ConfirmDialog({ title, children, confirmLabel, danger, busy, onConfirm, onCancel }: { title: string; children?: ComponentChildren; confirmLabel?: string; danger?: boolean; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    dialog.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div class="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onCancel()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div class="row end">
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
          <button type="button" class={danger ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>
            {busy ? <span class="spinner" aria-hidden="true" /> : null}
            {confirmLabel ?? t('confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
