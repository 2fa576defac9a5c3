// Loss curves (bits per byte against step) drawn with uPlot, in the editor theme's chart colours.
// One series per (run, cell, kind), each kind in its own colour: training loss a solid line, validation a
// dashed line with points, named in the legend.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CellType } from '../src/model/lm/types';
import type { CurveKind } from '../src/training/protocol';
import { CELL_LABEL } from './cellLabels';
import { t } from './l10n';

/** Theme variable and fallback per cell and kind: six distinct colours. */
const COLOR: Record<CellType, Record<CurveKind, [string, string]>> = {
  gru: { train: ['--vscode-charts-blue', '#3794ff'], val: ['--vscode-charts-orange', '#d18616'] },
  lstm: { train: ['--vscode-charts-purple', '#b180d7'], val: ['--vscode-charts-yellow', '#cca700'] },
  simpleRnn: { train: ['--vscode-charts-green', '#89d185'], val: ['--vscode-charts-red', '#f14c4c'] },
};

interface Series { key: string; label: string; cell: CellType; kind: CurveKind; faded: boolean; points: Map<number, number> }

function themeColor(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

export class LossChart {
  private readonly series = new Map<string, Series>();
  private plot: uPlot | undefined;
  private layoutChanged = true;
  private pending = false;
  private readonly resize = new ResizeObserver(() => this.plot?.setSize(this.size()));

  constructor(private readonly el: HTMLElement) {
    this.resize.observe(el);
  }

  /** Adds a point; `run` names the run when several are overlaid (earlier runs are drawn faded). */
  add(run: string, cell: CellType, kind: CurveKind, step: number, bpb: number, faded = false): void {
    const key = `${run}|${cell}|${kind}`;
    let s = this.series.get(key);
    if (!s) {
      const label = `${kind === 'train' ? t('{0} train', CELL_LABEL[cell]) : t('{0} validation', CELL_LABEL[cell])}${faded ? ` (${run})` : ''}`;
      s = { key, label, cell, kind, faded, points: new Map() };
      this.series.set(key, s);
      this.layoutChanged = true;
    }
    s.points.set(step, bpb);
    this.scheduleDraw();
  }

  /** Removes every series of `run` (or all when omitted). */
  clear(run?: string): void {
    for (const [key] of this.series) if (run === undefined || key.startsWith(`${run}|`)) this.series.delete(key);
    this.layoutChanged = true;
    this.scheduleDraw();
  }

  private size() {
    return { width: Math.max(200, this.el.clientWidth), height: 240 };
  }

  private scheduleDraw(): void {
    if (this.pending) return;
    this.pending = true;
    // Points arrive many times a second; drawing once per frame keeps the panel responsive.
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  private draw(): void {
    const list = [...this.series.values()];
    const xs = [...new Set(list.flatMap((s) => [...s.points.keys()]))].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [xs, ...list.map((s) => xs.map((x) => s.points.get(x) ?? null))];
    if (!this.layoutChanged && this.plot) { this.plot.setData(data); return; }
    this.layoutChanged = false;
    this.plot?.destroy();
    const fg = themeColor('--vscode-foreground', '#ccc');
    const grid = themeColor('--vscode-editorWidget-border', '#4444');
    const axis = (label: string): uPlot.Axis => ({ label, stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
    this.plot = new uPlot({
      ...this.size(),
      scales: { x: { time: false } },
      axes: [axis(t('step')), axis(t('bits per byte'))],
      legend: { show: true },
      series: [
        { label: t('step') },
        ...list.map((s): uPlot.Series => {
          const color = themeColor(...COLOR[s.cell][s.kind]);
          return {
            label: s.label, stroke: color, width: s.faded ? 1 : 2, spanGaps: true, alpha: s.faded ? 0.45 : 1,
            dash: s.kind === 'val' ? [6, 4] : undefined,
            points: { show: s.kind === 'val', size: 5, stroke: color, fill: color },
            value: (_u, v) => (v == null ? '–' : v.toFixed(3)),
          };
        }),
      ],
    }, data, this.el);
  }
}
