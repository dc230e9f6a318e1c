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
@media (max-width:1000px){.app{grid-template-columns:1fr;grid-template-rows:auto 1fr}.side{flex-direction:row;flex-wrap:nowrap;overflow-x:auto;align-items:center;padding:10px}.side>*{flex:none;white-space:nowrap}.brand{padding:4px 10px}
.side .grow,.side small{display:none}.g3,.g4{grid-template-columns:repeat(2,minmax(0,1fr))}.content{padding:16px}}
@media (max-width:640px){.g2,.g3,.g4{grid-template-columns:1fr}}
/* contacts */
.ct-back{color:var(--accent);font-weight:550;font-size:13px;text-decoration:none;align-self:flex-start;border-radius:6px}
.ct-back:hover,.ct-link:hover{text-decoration:underline}.ct-link{color:var(--accent);font-weight:650;text-decoration:none}
.ct-bands{display:inline-flex;gap:4px}.ct-bands abbr{text-decoration:none;color:var(--faint);font-weight:700}
.ct-who{display:flex;flex-direction:column;gap:2px;max-width:320px}.ct-who .small{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ct-title{display:inline-flex;align-items:center;gap:10px}.ct-title .mono{font-size:18px;font-weight:700}
.ct-attrs{display:flex;flex-wrap:wrap;gap:8px 28px;margin:0}.ct-attrs dd{margin:0;font-weight:550}
.ct-attrs dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.ct-split{grid-template-columns:repeat(2,minmax(0,1fr))}
.ct-pips{display:inline-flex;align-items:center;gap:3px}.ct-pips i{width:10px;height:10px;border-radius:3px;background:#e5e7eb}
.ct-pips i.on{background:var(--accent)}.ct-pips b{margin-left:6px;font-variant-numeric:tabular-nums;font-weight:600}
.ct-dates{margin-top:10px}.ct-caption{caption-side:top;text-align:left;padding:10px 12px;color:var(--muted);font-size:12px;border-bottom:1px solid var(--line)}.ct-wrap{word-break:break-word}
.ct-timeline{list-style:none;margin:0 0 0 6px;padding:0 0 0 18px;border-left:2px solid var(--line);display:flex;flex-direction:column;gap:14px}
.ct-timeline li{position:relative;display:flex;flex-direction:column;gap:6px}
.ct-timeline li::before{content:"";position:absolute;left:-25px;top:3px;width:8px;height:8px;border-radius:50%;background:#fff;border:2px solid var(--accent)}
.ct-segments{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.ct-segments>li{border:1px solid var(--line);border-radius:8px;padding:12px;display:flex;flex-direction:column;gap:8px}
.ct-why{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:4px;font-size:13px}.ct-why .ct-cond{color:var(--ink)}
@media (max-width:1000px){.ct-split{grid-template-columns:minmax(0,1fr)}.ct-wide{display:none}}
/* end contacts */
/* dashboard */
.dash-toolbar{display:grid;grid-template-columns:repeat(4,minmax(0,1fr)) auto;gap:12px;align-items:start}
.dash-actions{padding-top:21px;flex-wrap:nowrap}.dash-summary{grid-column:1/-1}
.dash tbody th{font-weight:600;white-space:nowrap;text-transform:none;letter-spacing:normal;font-size:13px;color:var(--ink);background:none}.dash-band{color:var(--ink)}
.dash-share{width:22%;min-width:130px}.dash-sharecell{display:flex;align-items:center;gap:8px}.dash-sharecell .bar{flex:1}.dash-sharecell .num{min-width:48px}
.dash-heatgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:20px;margin-top:12px}
.dash-heat{margin:0;display:flex;flex-direction:column;gap:8px}.dash-heat figcaption{font-weight:650}
.dash-cells{display:grid;grid-template-columns:auto repeat(3,minmax(0,1fr));gap:4px;align-items:stretch}
.dash-axis{color:var(--muted);text-align:center;align-self:end;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.dash-rowhead{align-self:center;text-align:right;padding-right:4px}.dash-corner{align-self:end;white-space:nowrap}
button.dash-cell{flex-direction:column;gap:0;min-height:62px;padding:6px 4px;border-radius:8px;border:1px solid rgba(79,70,229,.15);color:#1e1b4b;white-space:normal}
button.dash-cell strong{font-size:17px;font-weight:700}button.dash-cell:hover{filter:brightness(.94);box-shadow:inset 0 0 0 2px var(--accent)}
button.dash-cell.dark{color:#fff}
dialog.dash-dialog{border:0;padding:0;margin:auto;background:none;width:min(760px,calc(100vw - 32px));max-width:none;max-height:calc(100vh - 32px);overflow:auto;border-radius:12px}
dialog.dash-dialog::backdrop{background:rgba(17,24,39,.45)}.dash-dialog>.dialog{max-width:none}
.dash-list{max-height:320px;overflow:auto}.dash-list th{position:sticky;top:0}
.dash-save{display:flex;flex-direction:column;gap:10px;border-top:1px solid var(--line);padding-top:14px}
.dash-saverow{display:grid;grid-template-columns:1fr 1fr auto;gap:12px;align-items:start}.dash-saverow>button{margin-top:21px}
@media (max-width:1000px){.dash-toolbar{grid-template-columns:repeat(2,minmax(0,1fr))}.dash-actions{padding-top:0}}
@media (max-width:640px){.dash-toolbar,.dash-saverow{grid-template-columns:1fr}}
.dash tbody tr:last-child th{border-bottom:0}.dash-list a{color:var(--accent)}.dash-moved{gap:6px}
.dash-products ol{list-style:none;margin:0;padding:0;counter-reset:p;display:flex;flex-direction:column;gap:6px;font-size:13px}
.dash-products li{display:flex;gap:8px;counter-increment:p}.dash-products li::before{content:counter(p);color:var(--faint);width:14px}
.dash-pname{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.dash-charts{margin-top:16px}.dash-chart{margin:0;display:flex;flex-direction:column;gap:6px}.dash-chart figcaption{font-weight:650;font-size:13px}
.dash-bars{height:90px;display:flex;align-items:flex-end;gap:2px;border-bottom:1px solid #cbd5e1}.dash-bars>span{flex:1;background:#c7d2fe;border-radius:2px 2px 0 0}.dash-bars>span.peak{background:var(--accent)}
.dash-ticks{display:flex;justify-content:space-between}button.dash-more{align-self:center}
@media (max-width:1000px){.dash tbody th .mono{display:block}.dash th,.dash td{padding:8px 6px}.dash-share{min-width:96px}}
/* end dashboard */
/* segments */
.seg-layout input:disabled{background:#f3f4f6;color:var(--muted)}.seg-layout{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;align-items:start}.seg-layout .grow{flex:1}
.seg-preview{position:sticky;top:12px}.seg-count{font-size:30px;font-weight:700;font-variant-numeric:tabular-nums}
.seg-sample,.seg-sample ul,.rb-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.seg-sample>li{border-top:1px solid var(--line);padding-top:8px}.seg-sample ul{gap:2px;font-size:12px;margin-top:4px}
.seg-table a{color:var(--accent);font-weight:600;text-decoration:none}.seg-table a:hover{text-decoration:underline}
.seg-table td{vertical-align:middle}.seg-actions{text-align:right;white-space:nowrap}.seg-actions button+button{margin-left:6px}
.rb-group{border:1px solid var(--line);border-left:3px solid var(--accent);border-radius:8px;padding:10px;display:flex;flex-direction:column;gap:8px;background:#fafaff}
.rb-group .rb-group{border-left-color:#a5b4fc;background:#fff}
.rb-cond{padding:8px;border-radius:8px;background:#fff;border:1px solid var(--line)}.rb-cond.bad{border-color:#f5c2bd;background:#fffafa}
.rb-line{display:flex;flex-wrap:wrap;gap:6px;align-items:center}.rb-line select,.rb-line input{width:auto;max-width:230px}
.rb-line .rb-value{flex:1 1 110px}.rb-pair{display:inline-flex;gap:6px;align-items:center}.rb-pair .rb-value{width:90px;flex:none}
.rb-line .rb-attr,.rb-line .rb-event{width:130px}
button.rb-not{font-size:11px;min-height:28px;padding:0 8px;color:var(--faint)}button.rb-not[aria-pressed=true]{background:var(--bad-soft);color:var(--bad);border-color:#f3c1bb}
@media (max-width:1100px){.seg-layout{grid-template-columns:1fr}.seg-preview{position:static}}
/* end segments */
/* bands */
.band-bar{align-items:flex-end}.band-bar .field{width:220px}.band-bar .grow{flex:1}
.hist{position:relative;height:150px;display:flex;align-items:flex-end;gap:2px;margin:26px 0 4px;border-bottom:1px solid #cbd5e1;touch-action:none;user-select:none}
.hist>span{flex:1;min-height:1px;border-radius:3px 3px 0 0}.band0{--band:#6366f1}.band1{--band:#0ea5e9}.band2{--band:#f59e0b}.hist>span{background:var(--band)}
.hist-cut{position:absolute;top:-22px;bottom:0;width:16px;margin-left:-8px;cursor:ew-resize;display:flex;justify-content:center;outline:0}
.hist-cut::before{content:"";width:2px;background:var(--ink)}
.hist-cut span{position:absolute;top:0;transform:translateX(-50%);left:50%;white-space:nowrap;font-size:11px;font-weight:650;background:var(--ink);color:#fff;padding:1px 6px;border-radius:6px}
.hist-cut:focus-visible span,.dragging .hist-cut:focus span{background:var(--accent);box-shadow:0 0 0 3px #c7d2fe}
.band-col{border-top:4px solid var(--band);padding-top:10px;display:flex;flex-direction:column;gap:8px}
.band-count{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}.band-input input{width:120px}
.band-mode{flex-wrap:nowrap}.band-mode select{width:auto}
.hist.near .c0 span{transform:translateX(-100%);margin-left:-2px}.hist.near .c1 span{transform:none;margin-left:2px}
@media (max-width:1000px){.band-cols{grid-template-columns:repeat(3,minmax(0,1fr))}.band-cols .g2{grid-template-columns:1fr}}
@media (max-width:640px){.band-cols{grid-template-columns:1fr}}
/* end bands */
/* content */
.cr-intro{margin:0;max-width:720px;flex:1}.cr-link,.cr-back{color:var(--accent);font-weight:600;text-decoration:none}.cr-link:hover,.cr-back:hover{text-decoration:underline}
.cr-back{align-self:flex-start;font-size:13px;border-radius:6px}.cr-actions{text-align:right;white-space:nowrap}.cr-actions button+button{margin-left:6px}
.cr-layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;align-items:start}.cr-preview{position:sticky;top:12px}
.cr-view{height:420px;overflow:hidden;border:1px solid var(--line);border-radius:8px;background:#fffdf9}.cr-frame{display:block;border:0;width:166.67%;height:166.67%;transform:scale(.6);transform-origin:0 0}.cr-check{font-size:14px;gap:8px}
/* end content */
/* triggers */
.tg-url{max-width:190px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;display:block}.tg-actions{text-align:right;white-space:nowrap}.tg-actions button+button{margin-left:6px}
.tg-secret{display:flex;gap:8px;align-items:center;margin-top:6px}.tg-secret input{font-family:ui-monospace,Menlo,monospace}
.tg-sample{margin:0;max-height:320px;overflow:auto;background:#0f172a;color:#e2e8f0;border-radius:8px;padding:12px;font-size:12px;white-space:pre-wrap;word-break:break-word}
.tg-help{display:flex;flex-wrap:wrap;gap:4px}.tg-help button{font-family:ui-monospace,Menlo,monospace;font-size:12px}.tg-on{display:flex;gap:16px;font-size:14px;border:0;margin:0;padding:0;align-items:center}.tg-on legend{float:left;font-size:13px;font-weight:550;padding:0;margin-right:4px}.tg-on label{display:flex;gap:6px;align-items:center}
.tg-when{white-space:nowrap;font-variant-numeric:tabular-nums}.tg-filters{display:flex;gap:12px;align-items:end;flex-wrap:wrap}.tg-filters .field{width:220px}
@media (max-width:900px){.cr-layout{grid-template-columns:1fr}.cr-preview{position:static}.tg-wide{display:none}}
/* end triggers */
`;
