import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldProblem {
  field: string;
  message: string;
  index?: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; problems?: FieldProblem[] };
}

/** Every error the API answers is `{"error": {code, message, field?}}`; `problems` lists every bad field of a batch. */
export function apiError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: { field?: string; problems?: FieldProblem[]; headers?: Record<string, string> } = {},
): HTTPException {
  const body: ApiErrorBody = { error: { code, message } };
  if (extra.field !== undefined) body.error.field = extra.field;
  if (extra.problems !== undefined) body.error.problems = extra.problems;
  return new HTTPException(status, {
    res: new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...extra.headers },
    }),
  });
}

export const invalidRequest = (message: string, field?: string, problems?: FieldProblem[]) =>
  apiError(400, 'invalid_request', message, { field, problems });
export const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);

