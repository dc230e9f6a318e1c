import { Hono } from 'hono';
import type { SqlDriver } from '../../../db/driver.ts';
import { NAMED_SEGMENTS } from '../../engine/rfm/index.ts';
import { signCustomerId } from '../../browser/identity.ts';
import type { AppEnv, DemoShop } from '../../deps.ts';
import { formatMinor } from '../../purchases/money.ts';
import { sdkPath, type createSdkLoader } from '../../sdk/routes.ts';
import { SHOP_SCRIPT, SHOP_STYLES } from './assets.ts';
import { DEMO_PRODUCTS, type DemoProduct } from './catalogue.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

interface PageParts {
  title: string;
  body: string;
  sdkSrc: string | null;
  publishableKey: string;
  bodyData?: Record<string, string>;
}

function page({ title, body, sdkSrc, publishableKey, bodyData = {} }: PageParts): string {
  const data = Object.entries(bodyData)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  const sdk = sdkSrc ? `<script async src="${sdkSrc}" data-key="${escapeHtml(publishableKey)}"></script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Retrospot demo shop</title>
<link rel="stylesheet" href="/demo/shop.css">
<script src="/demo/shop.js"></script>
${sdk}
</head>
<body${data}>
<header class="site"><a class="brand" href="/">Retrospot</a><nav><a href="/">Home</a><a href="/products/regency-cakestand">Kitchen</a><a href="/products/heart-t-light-holder">Decor</a><a href="/demo">Be a demo customer</a></nav></header>
<main>
${body}
<footer class="debug"><p class="muted">Your segments: <span id="rfm-segments">deciding…</span></p></footer>
</main>
</body>
</html>`;
}

function productCard(product: DemoProduct): string {
  return `<article class="card"><h3><a href="/products/${product.slug}">${escapeHtml(product.name)}</a></h3><p class="muted">${escapeHtml(product.blurb)}</p><p class="price">£${product.price}</p></article>`;
}

async function demoCustomers(driver: SqlDriver, workspaceId: string) {
  const { rows } = await driver.execute({
    sql: `SELECT named, customer_id, frequency, monetary, last_purchase_day FROM (
            SELECT r.named, c.customer_id, r.frequency, r.monetary, r.last_purchase_day,
                   row_number() OVER (PARTITION BY r.named ORDER BY r.monetary DESC, c.customer_id) AS rank
            FROM contact_rfm r JOIN contacts c ON c.id = r.contact_id
            WHERE r.workspace_id = ? AND r.named IS NOT NULL)
          WHERE rank = 1`,
    args: [workspaceId],
  });
  const order = new Map(NAMED_SEGMENTS.map((segment, index) => [segment.key as string, index]));
  return rows
    .map((row) => ({
      segment: String(row.named),
      label: NAMED_SEGMENTS.find((segment) => segment.key === row.named)?.label ?? String(row.named),
      customerId: String(row.customer_id),
      frequency: Number(row.frequency),
      monetary: Number(row.monetary),
    }))
    .sort((a, b) => (order.get(a.segment) ?? 99) - (order.get(b.segment) ?? 99));
}

/** A small shop on the demo workspace, so a newcomer sees personalisation happen within a minute of `npm start`. */
export function createDemoShopRoutes(demo: DemoShop, database: (bindings: unknown) => SqlDriver, loadSdk: ReturnType<typeof createSdkLoader>) {
  const html = (content: string) => new Response(content, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' } });
  const sdkSrc = async (bindings: unknown) => {
    const build = await loadSdk(bindings);
    return build ? sdkPath(build) : null;
  };

  return new Hono<AppEnv>()
    .get('/demo/shop.js', () => new Response(SHOP_SCRIPT, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' } }))
    .get('/demo/shop.css', () => new Response(SHOP_STYLES, { headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' } }))
    .get('/', async (context) =>
      html(
        page({
          title: 'Home',
          sdkSrc: await sdkSrc(context.env),
          publishableKey: demo.publishableKey,
          body: `<section class="hero" data-rfm-slot="hero"><h2>The spring collection is here</h2><p>Bunting, cake stands and everything for long afternoons in the garden.</p><a class="button" href="/products/party-bunting">Shop the collection</a></section>
<div class="banner" data-rfm-slot="banner"></div>
<section class="grid">${DEMO_PRODUCTS.map(productCard).join('')}</section>`,
        }),
      ),
    )
    .get('/products/:slug', async (context) => {
      const product = DEMO_PRODUCTS.find((candidate) => candidate.slug === context.req.param('slug'));
      if (!product) return context.notFound();
      return html(
        page({
          title: product.name,
          sdkSrc: await sdkSrc(context.env),
          publishableKey: demo.publishableKey,
          bodyData: { product: product.slug, category: product.category, price: product.price },
          body: `<div class="banner" data-rfm-slot="banner"></div>
<article class="card"><h2>${escapeHtml(product.name)}</h2><p>${escapeHtml(product.blurb)}</p><p class="price">£${product.price}</p><button type="button" data-add-to-cart>Add to basket</button></article>
<section class="hero" data-rfm-slot="hero"><h2>Free delivery over £30</h2><p>Order by 2pm for dispatch today.</p></section>`,
        }),
      );
    })
    .get('/demo', async (context) => {
      const customers = await demoCustomers(database(context.env), demo.workspaceId);
      const rows = await Promise.all(
        customers.map(async (customer) => {
          const signature = await signCustomerId(demo.identitySecret, customer.customerId);
          return `<tr><td>${escapeHtml(customer.label)}</td><td>${escapeHtml(customer.customerId)}</td><td>${customer.frequency}</td><td>${escapeHtml(POUNDS.format(Number(formatMinor(customer.monetary, 'GBP'))))}</td>
<td><button type="button" data-identify="${escapeHtml(customer.customerId)}" data-signature="${signature}">Become this customer</button></td></tr>`;
        }),
      );
      return html(
        page({
          title: 'Be a demo customer',
          sdkSrc: await sdkSrc(context.env),
          publishableKey: demo.publishableKey,
          body: `<h1>Be a demo customer</h1>
<p>Each row is a real customer from the UCI Online Retail data, in one of the classic RFM segments (the top spender of each). Pick one: the shop’s server has signed their id, so the edge believes you. Then open the home page and see their content.</p>
<p id="demo-status" role="status"></p>
<table class="customers"><thead><tr><th>Segment</th><th>Customer</th><th>Orders (365 days)</th><th>Spent</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p><button type="button" data-forget>Forget me (start again as a new visitor)</button></p>`,
        }),
      );
    });
}
