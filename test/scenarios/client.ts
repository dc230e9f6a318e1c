/** A tiny client over any fetch-like function, so the same scenarios run against Node (app.request) and the Worker (SELF.fetch). */
export type Fetcher = (request: Request) => Response | Promise<Response>;

export interface ApiResponse<Body = any> {
  status: number;
  body: Body;
  headers: Headers;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiClient {
  call<Body = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<Body>>;
}

export function apiClient(fetcher: Fetcher, base = 'http://rfm-edge.test'): ApiClient {
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetcher(new Request(base + path, { method, headers, body }));
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: the scenario asserts on the text
      }
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
  };
}

export interface WorkspaceKeys {
  workspaceId: string;
  publishableKey: string;
  secretKey: string;
  adminKey: string;
  identitySecret: string;
}

/** The allowed origin every test workspace is created with. */
export const SHOP_ORIGIN = 'https://shop.example';
