/** Every call's outcome is a value: pages render errors, nothing throws into the host page. */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export interface ApiClient {
  readonly endpoint: string;
  get<T>(path: string, query?: Record<string, string | number | undefined | null>): Promise<ApiResult<T>>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>>;
  /** A URL for downloads the browser fetches itself is not possible with a bearer key, so this returns the body as text. */
  text(path: string): Promise<ApiResult<string>>;
}

const OFFLINE: ApiError = { code: 'network_error', message: 'The edge could not be reached. Check your connection and the endpoint.' };

export function queryString(query: Record<string, string | number | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function createApiClient(endpoint: string, adminKey: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): ApiClient {
  const base = endpoint.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, body: unknown, asText: boolean): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetchImpl(base + path, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return { ok: false, status: 0, error: OFFLINE };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      if (asText) return { ok: true, status: response.status, data: text as T };
      try {
        return { ok: true, status: response.status, data: (text ? JSON.parse(text) : null) as T };
      } catch {
        return { ok: false, status: response.status, error: { code: 'bad_response', message: 'The edge answered with something that is not JSON.' } };
      }
    }
    try {
      const parsed = JSON.parse(text) as { error?: ApiError };
      if (parsed.error?.message) return { ok: false, status: response.status, error: parsed.error };
    } catch {
      /* not JSON: described below */
    }
    return { ok: false, status: response.status, error: { code: `http_${response.status}`, message: `The edge answered ${response.status} ${response.statusText}`.trim() } };
  }
  return {
    endpoint: base,
    get: (path, query) => call('GET', path + queryString(query), undefined, false),
    send: (method, path, body) => call(method, path, body, false),
    text: (path) => call<string>('GET', path, undefined, true),
  };
}
