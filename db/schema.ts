import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are UTC epoch milliseconds; "day" columns are calendar day numbers (days since 1970-01-01)
// in the workspace's time zone, so recency and look-back windows are plain integer arithmetic in SQL.
// Money is integer minor units of the workspace currency.

const createdAt = () => integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  timeZone: text('time_zone').notNull(),
  allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull(),
  identitySecret: text('identity_secret').notNull(),
  /** RfmConfig and other marketer settings, validated by edge/workspaces/settings.ts */
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** ResolvedThresholds: the band and score cut points in force, recomputed on schedule */
  thresholds: text('thresholds', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** bumped on every change that can alter a segment answer; caches are keyed by it */
  configVersion: integer('config_version').notNull().default(1),
  /** the last day the scheduled tick brought this workspace's state up to */
  tickedDay: integer('ticked_day'),
  createdAt: createdAt(),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['publishable', 'secret', 'admin'] }).notNull(),
    /** hex SHA-256 of the whole key; keys are 256-bit random so a fast hash is enough */
    keyHash: text('key_hash').notNull(),
    /** the first characters, so a person can tell keys apart */
    displayPrefix: text('display_prefix').notNull(),
    createdAt: createdAt(),
    revokedAt: integer('revoked_at'),
  },
  (table) => [uniqueIndex('api_keys_hash').on(table.keyHash), index('api_keys_workspace').on(table.workspaceId)],
);

export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    email: text('email'),
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex('contacts_customer').on(table.workspaceId, table.customerId)],
);

export const visitors = sqliteTable(
  'visitors',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id').notNull(),
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at'),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.visitorId] }), index('visitors_contact').on(table.contactId)],
);

export const purchases = sqliteTable(
  'purchases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    orderId: text('order_id').notNull(),
    contactId: integer('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    /** in the workspace currency, minor units */
    amount: integer('amount').notNull(),
    /** what the shop sent, when it was another currency */
    originalCurrency: text('original_currency'),
    originalAmount: integer('original_amount'),
    purchasedAt: integer('purchased_at').notNull(),
    day: integer('day').notNull(),
    status: text('status', { enum: ['completed', 'refunded', 'cancelled'] }).notNull().default('completed'),
    items: text('items', { mode: 'json' }).$type<unknown[]>(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('purchases_order').on(table.workspaceId, table.orderId),
    // covering index for the per-contact aggregation: the RFM state of a contact never reads the table
    index('purchases_contact_day').on(table.contactId, table.status, table.day, table.amount, table.purchasedAt),
    index('purchases_workspace_day').on(table.workspaceId, table.day),
  ],
);

export const contactRfm = sqliteTable(
  'contact_rfm',
  {
    contactId: integer('contact_id')
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    firstPurchaseAt: integer('first_purchase_at'),
    lastPurchaseAt: integer('last_purchase_at'),
    lastPurchaseDay: integer('last_purchase_day'),
    frequency: integer('frequency').notNull(),
    monetary: integer('monetary').notNull(),
    /** oldest counted day inside the look-back window: the day this state next changes by time alone */
    windowOldestDay: integer('window_oldest_day'),
    rScore: integer('r_score').notNull(),
    fScore: integer('f_score').notNull(),
    mScore: integer('m_score').notNull(),
    rBand: integer('r_band').notNull(),
    fBand: integer('f_band').notNull(),
    mBand: integer('m_band').notNull(),
    named: text('named'),
    /** the as-of day the stored scores and bands were computed for */
    computedDay: integer('computed_day').notNull(),
  },
  (table) => [
    index('contact_rfm_window').on(table.workspaceId, table.windowOldestDay),
    index('contact_rfm_last_day').on(table.workspaceId, table.lastPurchaseDay),
    index('contact_rfm_frequency').on(table.workspaceId, table.frequency),
    index('contact_rfm_monetary').on(table.workspaceId, table.monetary),
    // covers the dashboard's one grouped pass (bands × named segment, with their sums) and the heatmap cells (0003)
    index('contact_rfm_dashboard').on(table.workspaceId, table.rBand, table.fBand, table.mBand, table.named, table.frequency, table.monetary),
  ],
);

export const segments = sqliteTable(
  'segments',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['rfm', 'rule'] }).notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull().default('inbound'),
    rule: text('rule', { mode: 'json' }).$type<unknown>().notNull(),
    priority: integer('priority').notNull().default(0),
    exclusions: text('exclusions', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** segments sharing a lifecycle group are phases: a contact is only in the first (highest priority) that matches */
    lifecycleGroup: text('lifecycle_group'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** bumped on every change of the rule, so membership history can say which version a contact entered under */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex('segments_key').on(table.workspaceId, table.key)],
);

/** What a marketer wants a segment to see in a page slot; the highest-priority live rule whose segment matches wins. */
export const contentRules = sqliteTable(
  'content_rules',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    slot: text('slot').notNull(),
    segmentKey: text('segment_key').notNull(),
    name: text('name').notNull().default(''),
    /** sanitised on save: what is stored is what is served */
    variantHtml: text('variant_html').notNull(),
    priority: integer('priority').notNull().default(0),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    startsAt: integer('starts_at'),
    endsAt: integer('ends_at'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index('content_rules_slot').on(table.workspaceId, table.slot)],
);

/** Behaviour as it arrived, for export, erasure and later re-aggregation. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id').notNull(),
    type: text('type').notNull(),
    at: integer('at').notNull(),
    props: text('props', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (table) => [index('events_visitor').on(table.workspaceId, table.visitorId, table.at)],
);

/**
 * The behaviour summary decide reads: per visitor, day and event key (`page_view`, `product_view`,
 * `product_view:category=shoes`, …) a count and a value (minor units, e.g. of items added to the cart).
 * Counters upsert atomically, so concurrent collects never lose an event.
 */
export const behaviourCounts = sqliteTable(
  'behaviour_counts',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id').notNull(),
    day: integer('day').notNull(),
    eventKey: text('event_key').notNull(),
    count: integer('count').notNull(),
    value: integer('value').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.visitorId, table.day, table.eventKey] })],
);

/** Who is in which segment now, for outbound segments and every segment a trigger watches. */
export const segmentMemberships = sqliteTable(
  'segment_memberships',
  {
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    segmentKey: text('segment_key').notNull(),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    enteredAt: integer('entered_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.segmentKey, table.contactId] }), index('segment_memberships_contact').on(table.contactId)],
);

/** Every entry and exit, in order: the audit trail and the source of trigger deliveries. */
export const segmentTransitions = sqliteTable(
  'segment_transitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    segmentKey: text('segment_key').notNull(),
    contactId: integer('contact_id').notNull(),
    change: text('change', { enum: ['enter', 'leave'] }).notNull(),
    at: integer('at').notNull(),
    /** what caused it: ingest, refund, schedule, rule_change, initial (a segment or trigger just started watching) */
    cause: text('cause').notNull(),
    /** the contact and its RFM state at the transition: what webhooks carry */
    snapshot: text('snapshot').notNull(),
    /** the refresh that found it, so the same transaction can queue its deliveries */
    refreshId: text('refresh_id').notNull(),
  },
  (table) => [
    index('segment_transitions_segment').on(table.workspaceId, table.segmentKey, table.at),
    index('segment_transitions_contact').on(table.contactId),
    index('segment_transitions_refresh').on(table.refreshId),
  ],
);

export const triggers = sqliteTable(
  'triggers',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    segmentKey: text('segment_key').notNull(),
    on: text('on', { enum: ['enter', 'leave'] }).notNull(),
    url: text('url').notNull(),
    /** optional JSON template with {{contact.email}}-style placeholders; null sends the standard payload */
    template: text('template'),
    /** signs every delivery (HMAC-SHA256); shown once at creation */
    signingSecret: text('signing_secret').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index('triggers_segment').on(table.workspaceId, table.segmentKey)],
);

/** The outbox: one row per trigger and transition (unique, so nothing fires twice), delivered at least once. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    triggerId: text('trigger_id').notNull(),
    transitionId: integer('transition_id'),
    /** kind: transition (a contact entered or left), test (test-send), bulk (one-off send of members) */
    kind: text('kind', { enum: ['transition', 'test', 'bulk'] }).notNull().default('transition'),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: integer('delivered_at'),
  },
  (table) => [
    uniqueIndex('deliveries_transition').on(table.triggerId, table.transitionId),
    index('deliveries_due').on(table.status, table.nextAttemptAt),
    index('deliveries_workspace').on(table.workspaceId, table.createdAt),
  ],
);

export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id').notNull(),
    at: integer('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (table) => [index('delivery_attempts_delivery').on(table.deliveryId)],
);

/**
 * Each contact's bands by day: one row per contact and day its RFM bands, named segment, frequency or monetary
 * changed (the state as it stood at the end of that day). Written only by SQLite triggers on contact_rfm
 * (migration 0003), so every write path — ingest, refunds, the daily tick, rebuilds, on Node or Turso — keeps it
 * without code. A contact's state on day D is its latest row with day ≤ D. The key leads with the workspace so
 * an as-of read scans only that workspace's rows, in contact order (a contact belongs to one workspace, so this
 * is as unique as (contact_id, day)); WITHOUT ROWID is added to the generated SQL by hand.
 */
export const contactRfmHistory = sqliteTable(
  'contact_rfm_history',
  {
    workspaceId: text('workspace_id').notNull(),
    contactId: integer('contact_id').notNull(),
    /** contact_rfm.computed_day of the write: the workspace-local day the state was computed for */
    day: integer('day').notNull(),
    rBand: integer('r_band').notNull(),
    fBand: integer('f_band').notNull(),
    mBand: integer('m_band').notNull(),
    named: text('named'),
    frequency: integer('frequency').notNull(),
    monetary: integer('monetary').notNull(),
    /**
     * bands and named segment packed for the dashboard's movement pass: r·10,000 + f·1,000 + m·100 + the named
     * segment's index in NAMED_SEGMENTS (99: none); written by the triggers, decoded in edge/dashboard/states.ts
     */
    code: integer('code').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.contactId, table.day] }),
    // movement since a comparison day reads only the contacts with a row after it (migration 0004)
    index('contact_rfm_history_day').on(table.workspaceId, table.day, table.contactId),
  ],
);

/**
 * Completed purchases summed per workspace, local day and UTC quarter hour (floor(purchased_at / 900,000)), kept by
 * triggers on purchases (migration 0003) through inserts, status changes (refunds) and erasure. The dashboard reads
 * revenue by month, weekday and local hour of day from here: a year is at most 35,040 rows, whatever the orders.
 * Quarter hours, because every UTC offset in use is a whole number of them.
 */
export const purchaseStats = sqliteTable(
  'purchase_stats',
  {
    workspaceId: text('workspace_id').notNull(),
    day: integer('day').notNull(),
    quarter: integer('quarter').notNull(),
    orders: integer('orders').notNull(),
    revenue: integer('revenue').notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.day, table.quarter] })],
);

/**
 * Completed purchases' items summed per workspace, local day and SKU: queued by a trigger on purchases and folded in
 * when the dashboard reads them (product_stats_pending below); refunds and erasure subtract by trigger. An order's
 * amount is split over its SKUs in proportion to quantity × price (by quantity when the prices add up to nothing),
 * rounded to minor units per order and SKU, so product revenue is in the workspace currency and discounts and
 * shipping are spread over the lines.
 */
export const productStats = sqliteTable(
  'product_stats',
  {
    workspaceId: text('workspace_id').notNull(),
    day: integer('day').notNull(),
    sku: text('sku').notNull(),
    /** the latest name sent for the SKU */
    name: text('name'),
    quantity: real('quantity').notNull(),
    revenue: integer('revenue').notNull(),
    orders: integer('orders').notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.day, table.sku] })],
);

/**
 * Completed purchases with items not yet added to product_stats: queued by a trigger on purchases (migration 0003) and
 * folded in by the dashboard (foldPendingProductStats, edge/dashboard/sales.ts), so ingest never splits items.
 */
export const productStatsPending = sqliteTable(
  'product_stats_pending',
  {
    workspaceId: text('workspace_id').notNull(),
    purchaseId: integer('purchase_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.purchaseId] })],
);
