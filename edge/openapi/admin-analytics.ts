import * as z from 'zod/mini';
import { cellQuerySchema, dashboardQuerySchema } from '../dashboard/params.ts';

/** OpenAPI paths of the admin dashboard and contacts endpoints, with their query parameters from the validating schemas. */

const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

function queryParameters(schema: z.ZodMiniObject, required: readonly string[] = []) {
  const { properties } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
  return Object.entries(properties).map(([name, parameterSchema]) => ({ name, in: 'query', required: required.includes(name), schema: parameterSchema }));
}

const customerId = { name: 'customerId', in: 'path', required: true, schema: { type: 'string' } };

export function adminAnalyticsPaths(): Record<string, unknown> {
  return {
    '/v1/admin/dashboard': {
      get: {
        summary:
          'The RFM dashboard for asOf (default today): per band contacts, share, revenue, transactions, average order value, transactions per contact and spend in the time frame from–to (default the look-back window); R×F, F×M, R×M heatmaps; named segment sizes; movement since asOf − compareDays (default 30); products bought recently vs earlier and revenue peaks by month, weekday and local hour (admin key)',
        parameters: queryParameters(dashboardQuerySchema),
        responses: { '200': { description: 'The dashboard' }, ...errorResponses(400, 401, 403) },
      },
    },
    '/v1/admin/dashboard/cell': {
      get: {
        summary: 'The contacts of one heatmap cell (pages by nextCursor), their count, and the segment rule that selects the cell (admin key)',
        parameters: queryParameters(cellQuerySchema, ['pair', 'row', 'column']),
        responses: { '200': { description: 'The cell' }, ...errorResponses(400, 401, 403) },
      },
    },
    '/v1/admin/dashboard/distribution': {
      get: {
        summary: 'Per dimension the weighted points {value, contacts} of contacts who bought, with the RFM configuration and thresholds in force, for recounting bands in the browser (admin key)',
        responses: { '200': { description: 'The distribution' }, ...errorResponses(401, 403) },
      },
    },
    '/v1/admin/contacts': {
      get: {
        summary: 'Contacts whose customer id or e-mail starts with query (ignoring case); the most valuable first when query is empty (admin key)',
        parameters: [
          { name: 'query', in: 'query', schema: { type: 'string', maxLength: 200 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
        ],
        responses: { '200': { description: 'Matching contacts' }, ...errorResponses(400, 401, 403) },
      },
    },
    '/v1/admin/contacts/{customerId}': {
      get: {
        summary: "The contact's 360° view: attributes, RFM, band history, segments with why, latest purchases, recent behaviour, trigger deliveries (admin key)",
        parameters: [customerId],
        responses: { '200': { description: 'The contact' }, ...errorResponses(401, 403, 404) },
      },
      delete: {
        summary: 'Erase the contact and everything held on it, including band history, segment memberships and transitions and deliveries (GDPR; admin key)',
        parameters: [customerId],
        responses: { '204': { description: 'Erased' }, ...errorResponses(401, 403, 404) },
      },
    },
    '/v1/admin/contacts/{customerId}/export': {
      get: { summary: 'Everything held on the contact as a JSON download (GDPR; admin key)', parameters: [customerId], responses: { '200': { description: 'The export' }, ...errorResponses(401, 403, 404) } },
    },
  };
}
