import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { SIDE_COLOURS } from '../../../shared/export-words.ts';
import { FAILURE_SIDES } from '../../../shared/query.ts';
import type { ReportData } from '../report-data.ts';

/**
 * The summary panel's two charts — failures by side over time, failures by weekday × hour — rendered
 * to SVG text in Node by ECharts' server-side renderer (no DOM, no canvas), for embedding in the
 * report. The options follow the grid's (src/renderer/src/calls/chart-options.ts), which the engine
 * cannot import across the layer boundary.
 */
echarts.use([BarChart, HeatmapChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

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

export function failuresOverTimeSvg(data: ReportData): string | null {
  const { bucket, buckets } = data.summary.failuresOverTime;
  if (buckets.length === 0) return null;
  const sides = FAILURE_SIDES.filter((side) => buckets.some((b) => b.failures[side] > 0));
  const label = (start: string): string => (bucket === 'hour' ? `${start.slice(5, 10)} ${start.slice(11, 13)}:00` : start.slice(0, 10));
  return renderSvg(
    {
      animation: false,
      textStyle: { fontFamily: FONT },
      color: sides.map((side) => SIDE_COLOURS[side].dot),
      legend: { top: 0, data: sides.map((side) => data.failureSideLabels[side]) },
      grid: { left: 56, right: 16, top: 36, bottom: 56 },
      xAxis: { type: 'category', data: buckets.map((b) => label(b.start)), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: sides.map((side) => ({ type: 'bar', name: data.failureSideLabels[side], stack: 'failures', data: buckets.map((b) => b.failures[side]) })),
    },
    300,
  );
}

export function heatmapSvg(data: ReportData): string | null {
  const cells: [number, number, number][] = [];
  let max = 0;
  data.summary.heatmap.forEach((hours, weekday) =>
    hours.forEach((count, hour) => {
      cells.push([hour, weekday, count]);
      max = Math.max(max, count);
    }),
  );
  if (max === 0) return null;
  return renderSvg(
    {
      animation: false,
      textStyle: { fontFamily: FONT },
      grid: { left: 56, right: 16, top: 8, bottom: 72 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), splitArea: { show: true } },
      yAxis: { type: 'category', data: [...data.words.weekdays], inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 4,
        itemHeight: 120,
        inRange: { color: ['#f4f6fa', '#f3c9a0', '#d9480f'] },
      },
      series: [{ type: 'heatmap', data: cells, label: { show: false } }],
    },
    280,
  );
}
