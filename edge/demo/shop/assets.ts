/**
 * The demo shop's own script and styles, served as files so the pages run under a strict CSP
 * (`script-src 'self'`; no inline script or style anywhere).
 */

export const SHOP_SCRIPT = `(function () {
  // The queue stub: calls made before the SDK loads are replayed by it.
  window.rfm = window.rfm || function () { (window.rfm.q = window.rfm.q || []).push(arguments); };
  function onReady(run) { if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run); else run(); }
  onReady(function () {
    var body = document.body;
    if (body.dataset.product) rfm('track', 'product_view', { sku: body.dataset.product, category: body.dataset.category, price: Number(body.dataset.price) });
    document.addEventListener('click', function (event) {
      var target = event.target instanceof Element ? event.target.closest('[data-identify], [data-add-to-cart], [data-forget]') : null;
      if (!target) return;
      event.preventDefault();
      if (target.hasAttribute('data-identify')) {
        rfm('identify', target.getAttribute('data-identify'), target.getAttribute('data-signature'));
        var status = document.getElementById('demo-status');
        if (status) status.textContent = 'You are now customer ' + target.getAttribute('data-identify') + '. Open the home page to see what they see.';
      } else if (target.hasAttribute('data-add-to-cart')) {
        rfm('track', 'add_to_cart', { sku: body.dataset.product, category: body.dataset.category, price: Number(body.dataset.price), quantity: 1 });
        target.textContent = 'Added to your basket';
      } else if (target.hasAttribute('data-forget')) {
        rfm('consent', false);
        try { localStorage.clear(); } catch (ignored) {}
        location.href = '/';
      }
    });
    rfm('on', 'segments', function (segments) {
      var list = document.getElementById('rfm-segments');
      if (!list) return;
      list.textContent = segments.length ? segments.join(' · ') : 'none yet (an anonymous visitor)';
    });
  });
})();
`;

export const SHOP_STYLES = `
/* Anti-flicker without JavaScript in the page: slots stay hidden until the SDK marks them decided (data-rfm-state),
   and if the SDK never loads, the animation reveals the default content after 600 ms anyway. */
[data-rfm-slot]:not([data-rfm-state]) { visibility: hidden; animation: rfm-reveal 0s linear 0.6s forwards; }
@keyframes rfm-reveal { to { visibility: visible; } }
:root { --ink: #1d2433; --muted: #5b6478; --accent: #b4232f; --paper: #fffdf9; --line: #e8e2d8; font-family: Georgia, 'Iowan Old Style', serif; color: var(--ink); background: var(--paper); }
body { margin: 0; }
a { color: var(--accent); }
header.site { display: flex; align-items: baseline; gap: 2rem; padding: 1.2rem 2rem; border-bottom: 1px solid var(--line); }
header.site .brand { font-size: 1.5rem; font-weight: bold; color: var(--ink); text-decoration: none; }
header.site nav a { margin-right: 1.2rem; color: var(--muted); text-decoration: none; font-family: system-ui, sans-serif; font-size: .95rem; }
main { max-width: 1040px; margin: 0 auto; padding: 2rem; }
.hero { padding: 2.5rem; border-radius: 14px; background: linear-gradient(120deg, #fbeee6, #f3f0fb); min-height: 9rem; }
.hero h2 { margin: 0 0 .5rem; font-size: 1.9rem; }
.banner { margin: 1rem 0; padding: .8rem 1.2rem; border-radius: 10px; background: #f6f2ea; font-family: system-ui, sans-serif; font-size: .95rem; }
.banner:empty { display: none; }
.button, button { display: inline-block; margin-top: .6rem; padding: .6rem 1.1rem; border: 0; border-radius: 999px; background: var(--accent); color: white; font: 600 .95rem system-ui, sans-serif; text-decoration: none; cursor: pointer; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 1.2rem; margin-top: 2rem; }
.card { padding: 1.2rem; border: 1px solid var(--line); border-radius: 12px; background: white; }
.card h3 { margin: 0 0 .4rem; font-size: 1.05rem; }
.price { font-family: system-ui, sans-serif; font-weight: 600; }
.muted { color: var(--muted); font-family: system-ui, sans-serif; font-size: .9rem; }
table.customers { border-collapse: collapse; width: 100%; font-family: system-ui, sans-serif; font-size: .95rem; }
table.customers th, table.customers td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); }
footer.debug { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); }
#demo-status { font-family: system-ui, sans-serif; font-weight: 600; min-height: 1.4rem; }
`;
