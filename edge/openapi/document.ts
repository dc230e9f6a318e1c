import * as z from 'zod/mini';
import { asOfQuerySchema, contactUpsertSchema } from '../contacts/schema.ts';
import { rfmConfigSchema } from '../rfm/config-schema.ts';
import { adminAnalyticsPaths } from './admin-analytics.ts';
import { ingestResultSchema, purchaseSchema, purchaseStatusSchema } from '../purchases/schema.ts';

/** Built from the same zod schemas that validate requests, so the document cannot drift from the behaviour. */
function schemaOf(schema: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' },
        problems: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' }, index: { type: 'integer' } } } },
      },
    },
  },
};

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

const json = (schema: unknown) => ({ 'application/json': { schema } });
const customerIdParameter = { name: 'customerId', in: 'path', required: true, schema: { type: 'string' } };

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'rfm-edge API', version: '1.0.0', description: 'Real-time RFM segmentation and personalisation. Money is integer minor units of the workspace currency in answers; requests take major units.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'pk_ (browser), sk_ (backend) or ak_ (admin) key' } },
      schemas: {
        Error: errorSchema,
        Purchase: schemaOf(purchaseSchema),
        IngestResult: schemaOf(ingestResultSchema),
        ContactUpsert: schemaOf(contactUpsertSchema),
        RfmConfig: schemaOf(rfmConfigSchema),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/purchases': {
        post: {
          summary: 'Record one purchase or a batch of up to 1,000 (secret key). Idempotent by orderId; a batch with any invalid purchase is refused whole.',
          requestBody: {
            required: true,
            content: json({
              oneOf: [
                { $ref: '#/components/schemas/Purchase' },
                { type: 'object', required: ['purchases'], properties: { purchases: { type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/Purchase' } } } },
              ],
            }),
          },
          responses: { '200': { description: 'All duplicates', content: json({ $ref: '#/components/schemas/IngestResult' }) }, '201': { description: 'Stored', content: json({ $ref: '#/components/schemas/IngestResult' }) }, ...errors(400, 401, 403, 413) },
        },
      },
      '/v1/purchases/{orderId}': {
        patch: {
          summary: 'Refund or cancel a purchase (taken out of RFM at once)',
          parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: json(schemaOf(purchaseStatusSchema)) },
          responses: { '200': { description: 'Updated' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/contacts/{customerId}': {
        put: { summary: 'Create or update a contact', parameters: [customerIdParameter], requestBody: { required: true, content: json({ $ref: '#/components/schemas/ContactUpsert' }) }, responses: { '200': { description: 'The contact' }, ...errors(400, 401, 403) } },
        get: {
          summary: 'A contact with its RFM state and segments (each with why); asOf draws it for any day',
          parameters: [customerIdParameter, { name: 'asOf', in: 'query', schema: (schemaOf(asOfQuerySchema).properties as Record<string, unknown>).asOf }],
          responses: { '200': { description: 'The contact' }, ...errors(400, 401, 403, 404) },
        },
        delete: { summary: 'Erase the contact and everything held on it (GDPR)', parameters: [customerIdParameter], responses: { '204': { description: 'Erased' }, ...errors(401, 403, 404) } },
      },
      '/v1/contacts/{customerId}/export': {
        get: { summary: 'All data held on the contact (GDPR)', parameters: [customerIdParameter], responses: { '200': { description: 'The export' }, ...errors(401, 403, 404) } },
      },
      '/v1/admin/rfm-config': {
        get: { summary: 'The RFM configuration and the thresholds in force (admin key)', responses: { '200': { description: 'Config' }, ...errors(401, 403) } },
        put: { summary: 'Replace the RFM configuration; bands and scores are recomputed', requestBody: { required: true, content: json({ $ref: '#/components/schemas/RfmConfig' }) }, responses: { '200': { description: 'Config' }, ...errors(400, 401, 403) } },
      },
      ...adminAnalyticsPaths(),
    },
  };
  return cached;
}
