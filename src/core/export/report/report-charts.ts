import * as echarts from 'echarts/core';
// ECharts' entry points of one chart or component each (each registers itself): `echarts/charts` and
// `echarts/components` load every chart and component ECharts has, 0.2 of a report's 0.8 s at 10M calls.
import 'echarts/lib/chart/bar';
import 'echarts/lib/chart/heatmap';
import 'echarts/lib/component/grid';
import 'echarts/lib/component/legend';
import 'echarts/lib/component/visualMap';
import { SVGRenderer } from 'echarts/renderers';
import { failuresOverTimeOption, heatmapOption, type ChartOption, type ChartWords } from '../../../shared/chart-options.ts';
import type { ReportData } from '../report-data.ts';

/**
 * The summary panel's two charts — failures by side over time, failures by weekday × hour — rendered
 * to SVG text in Node by ECharts' server-side renderer (no DOM, no canvas), for embedding in the
 * report, from the very options the grid draws (shared/chart-options.ts).
 */
echarts.use([SVGRenderer]);

const FONT = "'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";
const WIDTH = 720;

function renderSvg(option: echarts.EChartsCoreOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption(option);
    // Inline SVG in HTML needs no namespace declarations; without them the file names no URL at all.
    return chart.renderToSVGString().replace(/\s+xmlns(?::xlink)?="[^"]*"/g, '');
  } finally {
    chart.dispose();
  }
}

/** The grid's words for the report's language; the axis labels need no locale (`10-01 08:00`, `2026-10-01`). */
function chartWords(data: ReportData): ChartWords {
  return {
    side: data.failureSideLabels,
    weekdays: data.words.weekdays,
    failures: data.words.failures,
    bucketLabel: (start, bucket) => (bucket === 'hour' ? `${start.slice(5, 10)} ${start.slice(11, 13)}:00` : start.slice(0, 10)),
  };
}

/**
 * The grid's options (shared/chart-options.ts) as printed: the report's font, margins for its wider
 * labels, and no tooltip (a static picture, and Node has no DOM to show one in).
 */
function printed(option: ChartOption, grid: { left: number; bottom: number }): ChartOption {
  const { tooltip: _tooltip, ...rest } = option;
  return { ...rest, textStyle: { fontFamily: FONT }, grid: { ...(option.grid as object), ...grid } };
}

export function failuresOverTimeSvg(data: ReportData): string | null {
  if (data.summary.failuresOverTime.buckets.length === 0) return null;
  return renderSvg(printed(failuresOverTimeOption(data.summary, chartWords(data)), { left: 56, bottom: 56 }), 300);
}

export function heatmapSvg(data: ReportData): string | null {
  if (!data.summary.heatmap.some((hours) => hours.some((count) => count > 0))) return null;
  return renderSvg(printed(heatmapOption(data.summary, chartWords(data)), { left: 56, bottom: 72 }), 280);
}
