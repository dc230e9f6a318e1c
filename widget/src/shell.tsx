import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { language, LANGUAGES, translator, type Language, type Messages } from './i18n.ts';
import { PAGES, type PageId } from './pages/index.ts';
import { navigate, route, routeHref } from './router.ts';
import { logIn, logOut, session } from './session.ts';
import { Field, Loading, Notice } from './ui/index.tsx';

type Keys =
  | PageId
  | 'product'
  | 'language'
  | 'logOut'
  | 'loginTitle'
  | 'loginIntro'
  | 'adminKey'
  | 'adminKeyHint'
  | 'logIn'
  | 'checking'
  | 'keyRequired'
  | 'wrongKey'
  | 'wrongKind'
  | 'unreachable'
  | 'unknownPage'
  | 'pageFailed'
  | 'retry'
  | 'endpoint';

const messages: Messages<Keys> = {
  en: {
    dashboard: 'Dashboard',
    bands: 'RFM bands',
    segments: 'Segments',
    content: 'Content rules',
    triggers: 'Triggers',
    contacts: 'Contacts',
    product: 'rfm-edge',
    language: 'Language',
    logOut: 'Log out',
    loginTitle: 'Sign in to rfm-edge',
    loginIntro: 'Enter your workspace’s admin key. It is kept for this browser tab only and forgotten when you close it.',
    adminKey: 'Admin key',
    adminKeyHint: 'Starts with ak_. Find it where the workspace was created (npm start prints the demo’s).',
    logIn: 'Sign in',
    checking: 'Checking…',
    keyRequired: 'Enter the admin key.',
    wrongKey: 'This key was not accepted: {message}',
    wrongKind: 'This key cannot open the admin: {message}',
    unreachable: 'The edge at {endpoint} could not be reached. Is it running?',
    unknownPage: 'There is no page called “{page}”.',
    pageFailed: 'This page could not be loaded from {endpoint}. Check the connection and try again.',
    retry: 'Try again',
    endpoint: 'Edge',
  },
  de: {
    dashboard: 'Übersicht',
    bands: 'RFM-Bänder',
    segments: 'Segmente',
    content: 'Inhaltsregeln',
    triggers: 'Auslöser',
    contacts: 'Kontakte',
    product: 'rfm-edge',
    language: 'Sprache',
    logOut: 'Abmelden',
    loginTitle: 'Bei rfm-edge anmelden',
    loginIntro: 'Geben Sie den Admin-Schlüssel Ihres Workspace ein. Er bleibt nur in diesem Browser-Tab und wird beim Schließen vergessen.',
    adminKey: 'Admin-Schlüssel',
    adminKeyHint: 'Beginnt mit ak_. Sie finden ihn dort, wo der Workspace angelegt wurde (npm start zeigt den der Demo).',
    logIn: 'Anmelden',
    checking: 'Wird geprüft…',
    keyRequired: 'Bitte den Admin-Schlüssel eingeben.',
    wrongKey: 'Dieser Schlüssel wurde nicht angenommen: {message}',
    wrongKind: 'Mit diesem Schlüssel lässt sich der Admin nicht öffnen: {message}',
    unreachable: 'Der Edge unter {endpoint} ist nicht erreichbar. Läuft er?',
    unknownPage: 'Es gibt keine Seite „{page}“.',
    pageFailed: 'Diese Seite konnte nicht von {endpoint} geladen werden. Bitte die Verbindung prüfen und erneut versuchen.',
    retry: 'Erneut versuchen',
    endpoint: 'Edge',
  },
};
export const t = translator(messages);

function LanguageSelect() {
  return (
    <label class="row small">
      <span class="sr-only">{t('language')}</span>
      <select aria-label={t('language')} value={language.value} onChange={(event) => (language.value = (event.currentTarget.value as Language) ?? 'en')} style={{ width: 'auto' }}>
        {LANGUAGES.map((code) => (
          <option value={code}>{code === 'de' ? 'Deutsch' : 'English'}</option>
        ))}
      </select>
    </label>
  );
}

export function Login({ endpoint }: { endpoint: string }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!key.trim()) return setProblem(t('keyRequired'));
    setBusy(true);
    setProblem(null);
    const outcome = await logIn(endpoint, key);
    setBusy(false);
    if (outcome.ok) return;
    if (outcome.status === 0) setProblem(t('unreachable', { endpoint }));
    else if (outcome.status === 403) setProblem(t('wrongKind', { message: outcome.error.message }));
    else setProblem(t('wrongKey', { message: outcome.error.message }));
  };
  return (
    <div class="login">
      <form class="card" onSubmit={submit} noValidate data-testid="login">
        <div class="row spread">
          <div class="brand" style={{ color: 'var(--ink)', padding: 0 }}>
            <i aria-hidden="true" />
            {t('product')}
          </div>
          <LanguageSelect />
        </div>
        <h1 style={{ fontSize: '20px', fontWeight: 700 }}>{t('loginTitle')}</h1>
        <p class="muted">{t('loginIntro')}</p>
        <Field label={t('adminKey')} hint={t('adminKeyHint')}>
          <input name="adminKey" type="password" autoComplete="off" spellcheck={false} value={key} aria-invalid={problem ? true : undefined} onInput={(event) => setKey(event.currentTarget.value)} />
        </Field>
        {problem ? <Notice kind="error">{problem}</Notice> : null}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t('checking') : t('logIn')}
        </button>
        <p class="faint small">
          {t('endpoint')}: <span class="mono">{endpoint}</span>
        </p>
      </form>
    </div>
  );
}

const loadedPages = new Map<PageId, FunctionComponent>();

function loadPage(id: PageId): Promise<FunctionComponent> {
  const known = loadedPages.get(id);
  if (known) return Promise.resolve(known);
  return PAGES.find((page) => page.id === id)!.load().then((Page) => {
    loadedPages.set(id, Page);
    return Page;
  });
}

/** Once the first page is up, the others are fetched in the background, so opening one later is instant. */
let prefetched = false;
function prefetchPages() {
  if (prefetched) return;
  prefetched = true;
  const idle = (globalThis as { requestIdleCallback?: (callback: () => void) => void }).requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 300));
  idle(() => PAGES.forEach((page) => loadPage(page.id).catch(() => undefined)));
}

function LoadedPage({ id }: { id: PageId }) {
  const [Page, setPage] = useState<FunctionComponent | undefined>(() => loadedPages.get(id));
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (Page) return;
    let current = true;
    loadPage(id).then(
      (loaded) => current && setPage(() => loaded),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [id, attempt]);
  useEffect(prefetchPages, []);
  if (Page) return <Page />;
  if (failed)
    return (
      <Notice kind="error">
        <div class="row spread">
          <span>{t('pageFailed', { endpoint: session.value?.api.endpoint ?? '' })}</span>
          <button
            type="button"
            onClick={() => {
              setFailed(false);
              setAttempt(attempt + 1);
            }}
          >
            {t('retry')}
          </button>
        </div>
      </Notice>
    );
  return <Loading />;
}

export function Shell() {
  const current = route.value;
  const page = PAGES.find((candidate) => candidate.id === current.page);
  return (
    <div class="app" lang={language.value}>
      <nav class="side" aria-label={t('product')}>
        <div class="brand">
          <i aria-hidden="true" />
          {t('product')}
        </div>
        {PAGES.map((candidate) => (
          <a
            class="nav"
            href={routeHref({ page: candidate.id })}
            aria-current={candidate.id === current.page ? 'page' : undefined}
            data-page={candidate.id}
            onClick={(event) => {
              event.preventDefault();
              navigate({ page: candidate.id });
            }}
          >
            <span aria-hidden="true">{candidate.icon}</span>
            {t(candidate.id)}
          </a>
        ))}
        <div class="grow" />
        <small class="mono">{session.value?.api.endpoint}</small>
      </nav>
      <div class="main">
        <header class="top">
          <h1>{page ? t(page.id) : t('unknownPage', { page: current.page })}</h1>
          <LanguageSelect />
          <button type="button" class="ghost" onClick={logOut}>
            {t('logOut')}
          </button>
        </header>
        <main class="content">{page ? <LoadedPage key={page.id} id={page.id} /> : <Notice kind="warn">{t('unknownPage', { page: current.page })}</Notice>}</main>
      </div>
    </div>
  );
}
