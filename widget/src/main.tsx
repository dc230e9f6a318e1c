import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { language, pickLanguage } from './i18n.ts';
import { startHashRouting } from './router.ts';
import { logIn, resumeSession, session } from './session.ts';
import { Login, Shell } from './shell.tsx';
import { Loading } from './ui/index.tsx';
import { STYLES } from './ui/styles.ts';

export interface MountOptions {
  /** the edge's origin; defaults to where admin.js was loaded from */
  endpoint?: string;
  lang?: string;
  /** a back office that already holds the key can pass it; it is not stored */
  adminKey?: string;
  /** keep the current page in location.hash (the edge's own /admin page does) */
  hashRouting?: boolean;
}

function Root({ endpoint, adminKey }: { endpoint: string; adminKey?: string }) {
  const [starting, setStarting] = useState(true);
  useEffect(() => {
    (adminKey ? logIn(endpoint, adminKey, false).then((outcome) => outcome.ok) : resumeSession(endpoint)).finally(() => setStarting(false));
  }, [endpoint, adminKey]);
  if (starting) return <Loading />;
  return session.value ? <Shell /> : <Login endpoint={endpoint} />;
}

/**
 * Renders the admin inside an open shadow root of `host`: the host page's CSS cannot reach it, and its styles
 * cannot leak out. Constructable stylesheets keep it working under a strict CSP (no inline <style> needed).
 */
export function mount(host: HTMLElement, options: MountOptions = {}): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = STYLES;
    root.appendChild(style);
  }
  const container = document.createElement('div');
  container.className = options.hashRouting ? 'rfm-admin-root standalone' : 'rfm-admin-root';
  // the edge's own /admin page holds nothing but the widget, so it fills the window
  if (options.hashRouting) document.body.style.margin = '0';
  root.appendChild(container);
  language.value = pickLanguage(options.lang ?? host.getAttribute('lang') ?? document.documentElement.lang);
  if (options.hashRouting) startHashRouting();
  const endpoint = (options.endpoint ?? scriptOrigin).replace(/\/+$/, '');
  render(<Root endpoint={endpoint} {...(options.adminKey ? { adminKey: options.adminKey } : {})} />, container);
  return () => {
    render(null, container);
    container.remove();
  };
}

/** The edge this build was served from: the default endpoint for the API calls. */
const scriptOrigin = new URL(import.meta.url).origin;

/**
 * Defines `<rfm-admin endpoint="https://edge.example" lang="de"></rfm-admin>` for anywhere in a back office page.
 * admin.js (the small classic script a page includes) loads this module and calls it, passing the script tag's
 * `data-endpoint` if it has one.
 */
export function defineElement(scriptEndpoint?: string): void {
  class RfmAdminElement extends HTMLElement {
    private unmount: (() => void) | null = null;
    connectedCallback() {
      if (this.unmount) return;
      const endpoint = this.getAttribute('endpoint') || scriptEndpoint;
      const lang = this.getAttribute('lang');
      this.unmount = mount(this, { ...(endpoint ? { endpoint } : {}), ...(lang ? { lang } : {}), hashRouting: this.hasAttribute('hash-routing') });
    }
    disconnectedCallback() {
      this.unmount?.();
      this.unmount = null;
    }
  }
  try {
    if (!customElements.get('rfm-admin')) customElements.define('rfm-admin', RfmAdminElement);
  } catch (error) {
    console.error('[rfm-admin] could not start:', error);
  }
}
