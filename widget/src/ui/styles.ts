/**
 * The widget's whole stylesheet. It lives in the shadow root, so the host page's selectors cannot reach in. The host
 * element itself is the one thing outer CSS can style, so `:host` resets everything with !important (which beats
 * the outer page for the host) and the look is set on the root container inside, where nothing inherits in.
 */
export const STYLES = `
:host{all:initial !important;display:block !important;contain:content !important}
.rfm-admin-root{color-scheme:light;
--ink:#1b2230;--muted:#5b6475;--faint:#8a93a3;--line:#e3e7ee;--panel:#fff;--bg:#f5f7fb;--accent:#4f46e5;--accent-ink:#fff;
--accent-soft:#eef0ff;--good:#0f7b4f;--good-soft:#e3f6ec;--bad:#b42318;--bad-soft:#fdecea;--warn:#9a6700;--warn-soft:#fff6db;
--radius:10px;--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.08);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;text-shadow:none;font-style:normal;font-weight:400;white-space:normal;direction:ltr;visibility:visible}
*,*::before,*::after{box-sizing:border-box;font:inherit;color:inherit;letter-spacing:inherit;text-transform:inherit}
.app{display:grid;grid-template-columns:220px 1fr;min-height:640px;background:var(--bg);border:1px solid var(--line);border-radius:12px;overflow:hidden}
.side{background:#111827;color:#e5e7eb;padding:18px 12px;display:flex;flex-direction:column;gap:4px}
.brand{font-weight:700;font-size:16px;padding:4px 10px 16px;color:#fff;display:flex;align-items:center;gap:8px}
.brand i{display:inline-block;width:22px;height:22px;border-radius:6px;background:linear-gradient(135deg,#818cf8,#4f46e5)}
.nav{all:unset;display:flex;align-items:center;gap:10px;padding:9px 10px;border-radius:8px;cursor:pointer;color:#cbd5e1;font-size:14px}
.nav:hover{background:#1f2937;color:#fff}.nav[aria-current=page]{background:#312e81;color:#fff;font-weight:600}
.nav:focus-visible,button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:2px solid #818cf8;outline-offset:2px}
.side .grow{flex:1}.side small{color:#94a3b8;padding:0 10px;font-size:12px}
.main{min-width:0;display:flex;flex-direction:column}
.top{display:flex;align-items:center;gap:12px;padding:14px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
.top h1{font-size:18px;font-weight:650;margin:0;flex:1}
.content{padding:20px 24px 32px;display:flex;flex-direction:column;gap:16px}
h1,h2,h3,h4,p{margin:0}h2{font-size:16px;font-weight:650}h3{font-size:14px;font-weight:650}
.muted{color:var(--muted)}.faint{color:var(--faint)}.small{font-size:12px}.num{font-variant-numeric:tabular-nums;text-align:right}
.row{display:flex;gap:12px;align-items:center;flex-wrap:wrap}.row.end{justify-content:flex-end}.spread{justify-content:space-between}
.stack{display:flex;flex-direction:column;gap:12px}.grid{display:grid;gap:16px}
.g2{grid-template-columns:repeat(2,minmax(0,1fr))}.g3{grid-template-columns:repeat(3,minmax(0,1fr))}.g4{grid-template-columns:repeat(4,minmax(0,1fr))}
.card{background:var(--panel);border:1px solid var(--line);border-radius:var(--radius);box-shadow:var(--shadow);padding:16px;min-width:0}
.card>header{display:flex;align-items:baseline;justify-content:space-between;gap:8px;margin-bottom:12px}
.stat .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.stat .value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;margin-top:2px}
.stat .delta{font-size:12px;margin-top:2px}.up{color:var(--good)}.down{color:var(--bad)}
button,.button{all:unset;box-sizing:border-box;display:inline-flex;align-items:center;justify-content:center;gap:6px;min-height:34px;padding:0 14px;border-radius:8px;
border:1px solid var(--line);background:#fff;color:var(--ink);font-weight:550;cursor:pointer;white-space:nowrap;font-size:14px}
button:hover{background:#f3f4f6}button[disabled]{opacity:.55;cursor:not-allowed}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-ink)}button.primary:hover{background:#4338ca}
button.danger{color:var(--bad);border-color:#f3c1bb}button.danger:hover{background:var(--bad-soft)}
button.ghost{border-color:transparent;background:transparent}button.small{min-height:28px;padding:0 10px;font-size:13px}
label.field{display:flex;flex-direction:column;gap:4px;font-size:13px;font-weight:550;color:var(--ink);min-width:0}
label.field .hint{font-weight:400;color:var(--muted);font-size:12px}
input,select,textarea{all:unset;box-sizing:border-box;min-height:34px;padding:6px 10px;border:1px solid #cfd5df;border-radius:8px;background:#fff;font-weight:400;font-size:14px;color:var(--ink);width:100%}
textarea{min-height:90px;white-space:pre-wrap;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
select{appearance:auto;-webkit-appearance:menulist;cursor:pointer}
input[type=checkbox],input[type=radio]{all:revert;width:16px;height:16px;margin:0;accent-color:var(--accent)}
input[type=range]{all:revert;width:100%;accent-color:var(--accent)}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:var(--bad);background:#fffafa}
.error-text{color:var(--bad);font-size:12px;font-weight:500}
.notice{border-radius:8px;padding:10px 12px;border:1px solid;font-size:13px}
.notice.error{background:var(--bad-soft);border-color:#f5c2bd;color:#7a1b12}.notice.ok{background:var(--good-soft);border-color:#b7e4cc;color:#0b5136}
.notice.info{background:var(--accent-soft);border-color:#d5d8fb;color:#312e81}.notice.warn{background:var(--warn-soft);border-color:#f5dd9b;color:#6b4a00}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:8px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em;background:#fafbfc}
tr:last-child td{border-bottom:0}tbody tr:hover td{background:#fafbff}.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
.badge{display:inline-flex;align-items:center;gap:4px;padding:1px 8px;border-radius:999px;background:#eef2f7;color:#334155;font-size:12px;font-weight:550;white-space:nowrap}
.badge.accent{background:var(--accent-soft);color:#3730a3}.badge.good{background:var(--good-soft);color:var(--good)}.badge.bad{background:var(--bad-soft);color:var(--bad)}
.tabs{display:flex;gap:4px;border-bottom:1px solid var(--line)}
.tab{all:unset;cursor:pointer;padding:8px 12px;border-bottom:2px solid transparent;color:var(--muted);font-weight:550}
.tab[aria-selected=true]{color:var(--accent);border-bottom-color:var(--accent)}
.bar{height:8px;border-radius:99px;background:#eef2f7;overflow:hidden}.bar>span{display:block;height:100%;background:var(--accent)}
.empty{padding:28px;text-align:center;color:var(--muted)}
.spinner{display:inline-block;width:14px;height:14px;border:2px solid #c7d2fe;border-top-color:var(--accent);border-radius:50%;animation:spin .8s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
.dialog-backdrop{position:fixed;inset:0;background:rgba(17,24,39,.45);display:flex;align-items:center;justify-content:center;z-index:2147483000;padding:16px}
.dialog{background:#fff;border-radius:12px;box-shadow:0 20px 50px rgba(0,0,0,.25);max-width:460px;width:100%;padding:20px;display:flex;flex-direction:column;gap:14px}
.login{min-height:560px;display:flex;align-items:center;justify-content:center;background:linear-gradient(160deg,#eef2ff,#f8fafc);border-radius:12px;border:1px solid var(--line);padding:24px}
.login .card{width:100%;max-width:400px;padding:28px;display:flex;flex-direction:column;gap:14px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.standalone .app,.standalone .login{min-height:100vh;border:0;border-radius:0}
@media (max-width:1000px){.app{grid-template-columns:1fr}.side{flex-direction:row;flex-wrap:wrap;align-items:center;padding:10px}.brand{padding:4px 10px}
.side .grow,.side small{display:none}.g3,.g4{grid-template-columns:repeat(2,minmax(0,1fr))}.content{padding:16px}}
@media (max-width:640px){.g2,.g3,.g4{grid-template-columns:1fr}}
`;
