import { BarChart, LineChart } from 'echarts/charts';
import { GridSimpleComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the app's charts draw: bars and lines on a grid, with legend and tooltip, in SVG (crisp when
// zoomed or printed). Importing from echarts/core keeps the rest of ECharts out of the bundle.
use([BarChart, LineChart, GridSimpleComponent, LegendPlainComponent, TooltipComponent, SVGRenderer]);

const HEIGHT = 320;

/**
 * One chart. For assistive technologies it is a single image with a text summary (`label`); the figures
 * themselves are in a data table next to it (WCAG 1.1.1), which is where keyboard users read them too.
 */
export function EChart({
  option,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Sizes given explicitly: a container not laid out yet (or jsdom) reports 0 × 0.
    const c = init(el, null, { renderer: 'svg', width: el.clientWidth || 640, height: HEIGHT });
    chart.current = c;
    let observer: ResizeObserver | null = null;
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => {
        if (el.clientWidth > 0) c.resize({ width: el.clientWidth, height: HEIGHT });
      });
      observer.observe(el);
    }
    return () => {
      observer?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      className="sp-chart"
      style={{ width: '100%', height: HEIGHT }}
    />
  );
}
