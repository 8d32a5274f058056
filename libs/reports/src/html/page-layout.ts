// The HTML shell every page shares: no script, responsive down to a phone, a print stylesheet so
// the browser's "Save as PDF" gives a clean report.
import { escapeHtml } from './html-escape';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;background:#f9fafb}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;\
padding:.75rem 1rem;background:#1e293b;color:#fff}
header.top a{color:#e2e8f0}
header.top .who{margin-left:auto;font-size:.85rem}
header.top form{display:inline}
header.top button{font:inherit;font-size:.85rem;background:none;border:1px solid #94a3b8;color:#e2e8f0;\
border-radius:4px;padding:.1rem .5rem;cursor:pointer}
main{max-width:960px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #e5e7eb;padding-bottom:.25rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
.note{color:#6b7280;font-size:.9rem}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.75rem;margin:1rem 0}
.kpi{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:.6rem .8rem}
.kpi b{display:block;font-size:1.3rem}
figure.chart{margin:1rem 0;background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:.5rem;break-inside:avoid}
.chart-svg{overflow-x:auto}
.chart-svg svg{display:block;width:100%;height:auto}
@media (max-width:600px){.chart-svg svg{min-width:540px}main{padding:.5rem}}
figcaption{font-size:.85rem;color:#374151;padding:.25rem .25rem 0}
figcaption ul{margin:.25rem 0 0;padding-left:1.2rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
th,td{border:1px solid #e5e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
p,li,figcaption{overflow-wrap:break-word}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
td.num,th.num{text-align:right;white-space:nowrap}
.up{color:#b91c1c}.down{color:#15803d}
.rec{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:.5rem .8rem;margin:1rem 0;break-inside:avoid}
.kind{display:inline-block;font-size:.75rem;font-weight:600;background:#e0e7ff;\
color:#3730a3;border-radius:4px;padding:0 .4rem}
form.login{max-width:420px;background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:1rem}
form.login input{width:100%;font:inherit;padding:.4rem;margin:.25rem 0 .75rem}
form.login button{font:inherit;padding:.4rem 1rem}
.error{color:#b91c1c}
.state{font-weight:600}.state-ok{color:#15803d}.state-warning{color:#b45309}.state-exceeded{color:#b91c1c}
form.inline{display:inline-flex;flex-wrap:wrap;gap:.25rem;align-items:center;margin:0 .25rem .25rem 0}
form.budget{display:grid;gap:.5rem;max-width:420px;background:#fff;border:1px solid #e5e7eb;border-radius:6px;\
padding:1rem}
@media print{
  body{background:#fff;font-size:11pt}
  header.top{display:none}
  main{max-width:none;padding:0}
  a{color:inherit;text-decoration:none}
  figure.chart,.rec,.kpi{border-color:#9ca3af}
  h2{break-after:avoid}
}
`;

export interface PageChrome {
  title: string;
  /** Who is signed in, shown in the header; null on the login page. */
  who: string | null;
  body: string;
}

export function renderPage(page: PageChrome): string {
  const nav =
    page.who === null
      ? ''
      : '<nav><a href="/dashboard">Dashboard</a> · <a href="/budgets">Budgets</a> · ' +
        '<a href="/alerts">Alerts</a></nav>' +
        `<span class="who">${escapeHtml(page.who)} ` +
        `<form method="post" action="/logout"><button type="submit">Sign out</button></form></span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · TokenMeter</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header class="top"><strong>TokenMeter</strong>${nav}</header>
<main>
${page.body}
</main>
</body>
</html>`;
}
