import type { BarSeriesOption, HeatmapSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { SIDE_COLOURS } from './export-words.ts';
import { FAILURE_SIDES, type CallSummary, type FailureSide } from './query.ts';

/**
 * The summary's two charts as ECharts options, built from a CallSummary and the words to show. Plain
 * data in, plain data out (no DOM, no React): the grid's summary panel draws them, and the export report
 * renders the same options to SVG in Node with ECharts' server-side renderer (report-charts.ts).
 */
export type ChartOption = ComposeOption<
  BarSeriesOption | HeatmapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif";

export interface ChartWords {
  readonly side: Readonly<Record<FailureSide, string>>;
  /** Monday first, as the summary's heatmap rows are. */
  readonly weekdays: readonly string[];
  readonly failures: string;
  /** A bucket start (`YYYY-MM-DDTHH:00:00`) as an axis label. */
  bucketLabel(start: string, bucket: 'hour' | 'day'): string;
}

/** Failures by side over time: one stacked bar per hour or day bucket. */
export function failuresOverTimeOption(summary: CallSummary, words: ChartWords): ChartOption {
  const { bucket, buckets } = summary.failuresOverTime;
  const sides = FAILURE_SIDES.filter((side) => buckets.some((b) => b.failures[side] > 0));
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    // The side colours of styles/app.css (`--<side>-dot`): a chart rendered in Node has no CSS.
    color: sides.map((side) => SIDE_COLOURS[side].dot),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: sides.map((side) => words.side[side]) },
    grid: { left: 40, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: buckets.map((b) => words.bucketLabel(b.start, bucket)), axisLabel: { hideOverlap: true } },
    // No axis title: the chart's caption names what is counted, and a title here would collide with the legend.
    yAxis: { type: 'value', minInterval: 1 },
    series: sides.map((side) => ({
      type: 'bar',
      name: words.side[side],
      stack: 'failures',
      data: buckets.map((b) => b.failures[side]),
      emphasis: { focus: 'series' },
      cursor: 'pointer',
    })),
  };
}

/** Failures by weekday (rows, Monday on top) × hour of day (columns). */
export function heatmapOption(summary: CallSummary, words: ChartWords): ChartOption {
  const cells: [number, number, number][] = [];
  let max = 0;
  summary.heatmap.forEach((hours, weekday) =>
    hours.forEach((count, hour) => {
      cells.push([hour, weekday, count]);
      max = Math.max(max, count);
    }),
  );
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { position: 'top' },
    grid: { left: 48, right: 16, top: 8, bottom: 64 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), splitArea: { show: true } },
    yAxis: { type: 'category', data: [...words.weekdays], inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: Math.max(1, max),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemHeight: 120,
      inRange: { color: ['#f4f6fa', '#f3c9a0', '#d9480f'] },
    },
    series: [
      {
        type: 'heatmap',
        name: words.failures,
        data: cells,
        emphasis: { itemStyle: { borderColor: '#1f2430', borderWidth: 1 } },
      },
    ],
  };
}
