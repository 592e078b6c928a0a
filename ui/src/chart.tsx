// One uPlot time-series chart: a line per group.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StatsGroup, StatsPoint } from './api';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];

/** `range`: the queried span in ms, so one point does not stretch the axis over years. */
export function Chart({ title, groups, range, value }: { title: string; groups: StatsGroup[]; range: [number, number]; value: (p: StatsPoint) => number | null }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const times = [...new Set(groups.flatMap((g) => g.points.map((p) => p.t)))].sort((a, b) => a - b);
    const series = groups.map((g) => {
      const at = new Map(g.points.map((p) => [p.t, value(p)]));
      return times.map((t) => at.get(t) ?? null);
    });
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series];
    const plot = new uPlot(
      { title, width: box.current.clientWidth || 600, height: 220, scales: { x: { time: true, range: [range[0] / 1000, range[1] / 1000] } }, series: [{}, ...groups.map((g, i) => ({ label: g.group, stroke: COLORS[i % COLORS.length], width: 2, points: { show: true } }))] },
      data,
      box.current,
    );
    return () => plot.destroy();
  }, [groups, title, range[0], range[1]]);
  return <div class="chart" data-chart={title} ref={box} />;
}
