import { FAILURE_SIDES } from '../../../shared/query.ts';
import { SIDE_COLOURS } from '../../../shared/export-words.ts';
import type { ReportData } from '../report-data.ts';
import { failuresOverTimeSvg, heatmapSvg } from './report-charts.ts';

/**
 * The report as one self-contained HTML page: styles inline, charts as inline SVG, no script, no font,
 * no image, no link — nothing is fetched when it opens (its own Content-Security-Policy forbids any
 * load), so it can be mailed, archived and printed (A4, the browser's "Save as PDF" or ours).
 */

/** The manager table stops here in print; the summary sheet of the XLSX lists every manager. */
const MAX_MANAGER_ROWS = 200;

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function reportHtml(data: ReportData, generatedAt: Date, appVersion: string): string {
  const w = data.words;
  const locale = data.language === 'ru' ? 'ru-RU' : 'en-US';
  const n = (value: number): string => value.toLocaleString(locale);
  const pct = (share: number): string => `${(share * 100).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  const dot = (side: keyof typeof SIDE_COLOURS): string => `<span class="dot" style="background:${SIDE_COLOURS[side].dot}"></span>`;
  const bar = (share: number, colour: string): string =>
    `<span class="bar"><span style="width:${(share * 100).toFixed(1)}%;background:${colour}"></span></span>`;

  const facts = [
    [w.dataset, data.datasetName],
    [w.sourceFile, data.sourceName],
    [w.filter, data.filterWords],
    [w.sort, data.sortWords],
    [w.period, data.periodWords],
  ]
    .map(([label, value]) => `<tr><th>${esc(label!)}</th><td>${esc(value!)}</td></tr>`)
    .join('');

  const totals = [
    [w.calls, data.total],
    [w.failures, data.failures],
    [w.benign, data.benign],
    [w.answered, data.answered],
  ]
    .map(([label, value]) => `<div class="total"><div class="figure">${n(value as number)}</div><div class="label">${esc(label as string)}</div></div>`)
    .join('');

  const sides = data.bySide
    .filter((side) => side.count > 0)
    .map(
      (side) =>
        `<tr><td>${dot(side.side)}${esc(side.label)}</td><td class="num">${n(side.count)}</td><td class="num">${pct(side.share)}</td><td class="barcell">${bar(side.share, SIDE_COLOURS[side.side].dot)}</td></tr>`,
    )
    .join('');

  const reasons = data.failureReasons
    .slice(0, 10)
    .map(
      (reason) =>
        `<tr><td>${esc(reason.label)}</td><td class="num">${n(reason.count)}</td><td class="num">${pct(reason.share)}</td><td class="barcell">${bar(reason.share, '#d9480f')}</td></tr>`,
    )
    .join('');

  const statuses = data.topStatuses
    .slice(0, 15)
    .map(
      (status) =>
        `<tr><td class="code">${esc(status.code)}</td><td>${esc(status.meaning)}</td><td>${dot(status.side)}${esc(status.sideLabel)}</td><td>${esc(status.reasonLabel)}</td><td class="num">${n(status.count)}</td><td class="num">${pct(status.share)}</td></tr>`,
    )
    .join('');

  const managers = data.managers
    .slice(0, MAX_MANAGER_ROWS)
    .map(
      (m) =>
        `<tr><td>${esc(m.manager)}</td><td class="num">${n(m.calls)}</td><td class="num">${n(m.answered)}</td><td class="num">${pct(m.failureRate)}</td>${FAILURE_SIDES.map((side) => `<td class="num">${n(m.failuresBySide[side])}</td>`).join('')}</tr>`,
    )
    .join('');
  const moreManagers =
    data.managers.length > MAX_MANAGER_ROWS
      ? `<p class="note">${data.language === 'ru' ? `и ещё ${n(data.managers.length - MAX_MANAGER_ROWS)} — полный список на листе «${esc(w.summarySheet)}» выгрузки XLSX` : `and ${n(data.managers.length - MAX_MANAGER_ROWS)} more — the XLSX export’s “${esc(w.summarySheet)}” sheet lists them all`}.</p>`
      : '';

  const overTime = failuresOverTimeSvg(data);
  const heatmap = heatmapSvg(data);
  const table = (head: readonly string[], body: string, numericFrom: number): string =>
    `<table class="data"><thead><tr>${head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;

  return `<!doctype html>
<html lang="${data.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${w.title} — ${data.datasetName}`)}</title>
<style>
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif; color: #1d2330; margin: 24px auto; max-width: 960px; padding: 0 16px; font-size: 13px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 22px 0 8px; border-bottom: 1px solid #d8dde6; padding-bottom: 4px; }
.facts th { text-align: left; font-weight: 600; color: #4a5160; padding: 2px 16px 2px 0; vertical-align: top; white-space: nowrap; }
.facts td { padding: 2px 0; }
.totals { display: flex; gap: 12px; margin: 16px 0 4px; }
.total { flex: 1; border: 1px solid #d8dde6; border-radius: 6px; padding: 10px 12px; }
.figure { font-size: 22px; font-weight: 700; }
.label { color: #4a5160; }
table.data { border-collapse: collapse; width: 100%; }
table.data th, table.data td { border-bottom: 1px solid #e6e9ef; padding: 4px 6px; text-align: left; vertical-align: top; }
table.data th { background: #eef1f5; font-weight: 600; }
.num { text-align: right !important; white-space: nowrap; font-variant-numeric: tabular-nums; }
.code { white-space: nowrap; font-variant-numeric: tabular-nums; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; }
.barcell { width: 30%; }
.bar { display: block; height: 9px; background: #eef1f5; border-radius: 2px; }
.bar span { display: block; height: 9px; border-radius: 2px; }
.chart svg { max-width: 100%; height: auto; }
.note { color: #4a5160; }
footer { margin-top: 24px; color: #8a93a3; font-size: 11px; }
section { break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
</style>
</head>
<body>
<header><h1>${esc(w.title)}</h1></header>
<table class="facts">${facts}</table>
<div class="totals">${totals}</div>
${data.total === 0 ? `<p class="note">${esc(w.noCalls)}</p>` : ''}
<section><h2>${esc(w.bySide)}</h2>${table([w.side, w.count, w.share, ''], sides, 1)}</section>
${reasons ? `<section><h2>${esc(w.topFailureReasons)}</h2>${table([w.reason, w.count, w.share, ''], reasons, 1)}</section>` : ''}
${statuses ? `<section><h2>${esc(w.topStatuses)}</h2>${table([w.status, w.meaning, w.side, w.reason, w.count, w.share], statuses, 4)}</section>` : ''}
${overTime ? `<section class="chart"><h2>${esc(w.failuresOverTime)}</h2>${overTime}</section>` : ''}
${heatmap ? `<section class="chart"><h2>${esc(w.heatmap)}</h2>${heatmap}</section>` : ''}
<section><h2>${esc(w.managers)}</h2>${data.managers.length === 0 ? `<p class="note">${esc(w.noManagers)}</p>` : table([w.manager, w.calls, w.answered, w.failureRate, ...FAILURE_SIDES.map((side) => data.failureSideLabels[side])], managers, 1)}${moreManagers}</section>
<footer>${esc(w.generated)} ${esc(appVersion)} · ${esc(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</footer>
</body>
</html>
`;
}
