import type { Context } from 'hono';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { AppEnv } from '../deps.ts';
import { invalidRequest, type FieldProblem } from './errors.ts';

z.config(en());

/** `purchases[3].amount` style paths, the form every error message uses. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

export function problemsOf(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return error.issues.map((issue) => ({ field: fieldPath([...prefix, ...issue.path]) || '(body)', message: issue.message }));
}

export function parseOrThrow<Schema extends z.ZodMiniType>(schema: Schema, input: unknown, prefix: readonly PropertyKey[] = []): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = problemsOf(result.error, prefix);
  const first = problems[0]!;
  throw invalidRequest(`${first.field}: ${first.message}`, first.field, problems);
}

/** Reads a JSON body (also when sent as text/plain, as sendBeacon does) and refuses anything that is not JSON. */
export async function readJson(context: Context<AppEnv>): Promise<unknown> {
  const text = await context.var.bodyText();
  if (text.trim() === '') throw invalidRequest('The request body is empty; send JSON', '(body)');
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON', '(body)');
  }
}
