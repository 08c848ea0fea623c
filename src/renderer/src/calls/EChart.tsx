import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/index.ts';
import type { ChartOption } from '../../../shared/chart-options.ts';

// Only what the summary draws is bundled (ECharts is modular): two series types, four components,
// the canvas renderer for the screen and the SVG one for "Save as SVG".
echarts.use([BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer, SVGRenderer]);

export interface ChartClick {
  readonly seriesIndex: number;
  readonly dataIndex: number;
  /** The clicked item's value (a heatmap cell's is `[hour, weekday, count]`). */
  readonly value: unknown;
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One chart, drawn on a canvas, resized with its box, clickable, and savable as PNG or SVG. */
export function EChart({
  option,
  onClick,
  label,
  fileName,
  testId,
  height = 260,
}: {
  option: ChartOption;
  onClick?: (click: ChartClick) => void;
  label: string;
  fileName: string;
  testId: string;
  height?: number;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      clickRef.current?.({ seriesIndex: params.seriesIndex ?? 0, dataIndex: params.dataIndex, value: params.value });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  const savePng = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (!url) return;
    // Decoded here: fetching the data: URL would be a request the CSP (connect-src 'self') refuses.
    const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    download(`${fileName}.png`, new Blob([bytes], { type: 'image/png' }));
  };

  const saveSvg = () => {
    const element = box.current;
    if (!element) return;
    // The same option through ECharts' string renderer: what the export report will do in Node.
    const svgChart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: element.clientWidth, height: element.clientHeight });
    svgChart.setOption(option);
    const svg = svgChart.renderToSVGString();
    svgChart.dispose();
    download(`${fileName}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  };

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-caption">
        <span>{label}</span>
        <span className="chart-actions">
          <button type="button" className="link-button" onClick={savePng} data-testid={`${testId}-png`}>
            {t.summary.savePng}
          </button>
          <button type="button" className="link-button" onClick={saveSvg} data-testid={`${testId}-svg`}>
            {t.summary.saveSvg}
          </button>
        </span>
      </figcaption>
      <div ref={box} className="chart-box" style={{ height }} role="img" aria-label={label} />
    </figure>
  );
}
