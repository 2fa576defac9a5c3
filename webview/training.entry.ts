// The training panel's script: wires the view, the extension's messages and the run (./trainRun).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { decodeLanguageModel } from '../src/model/lm/artifacts';
import type { ModelFile } from '../src/model/lm/modelCheck';
import { artifactsFromFiles } from '../src/model/lm/modelFolder';
import type { CellType } from '../src/model/lm/types';
import type { HostMessage, RunSummary } from '../src/training/protocol';
import { BackendStarter } from './backendPick';
import { runCell } from './cellRunner';
import { loadState, onHostMessage, post, saveState } from './hostChannel';
import { t } from './l10n';
import { LossChart } from './lossChart';
import { PanelView } from './panelView';
import { RunSession } from './runSession';
import { trainRun, type BaseWeights } from './trainRun';

interface SavedForm { form?: Record<string, string | number>; mode?: 'finetune' | 'compare'; cells?: CellType[] }

/** What the panel knows between messages: the runs listed, and the run being received or trained. */
const panel: { runs: RunSummary[]; current?: RunSession } = { runs: [] };

const actions = {
  scan() {
    const f = view.readForm();
    if (!f.include) { view.setMessage(t('Enter a glob, e.g. **/*.ts'), 'error'); return; }
    view.setMessage(t('Scanning…'));
    post({ type: 'scanFiles', include: f.include, maxFileKB: Math.max(1, f.maxFileKB || 1) });
    persist();
  },
  start() {
    const f = view.readForm();
    if (f.mode === 'compare' && f.cells.length === 0) { view.setMessage(t('Choose at least one cell to compare.'), 'error'); return; }
    persist();
    view.setMessage(t('Preparing the data…'));
    view.setRunning('loading');
    post({ type: 'start', mode: f.mode, cells: f.mode === 'compare' ? f.cells : ['gru'], settings: f.settings, scratch: f.mode === 'compare' ? f.scratch : undefined });
  },
  pause() { panel.current?.pause.pause(); view.setRunning('paused'); },
  resume() { panel.current?.pause.resume(); view.setRunning('running'); },
  stop() {
    if (!panel.current) return;
    panel.current.pause.resume();
    panel.current.abort.abort();
    view.setMessage(t('Stopping after the current step…'));
  },
  showRun(id: string) {
    const run = panel.runs.find((r) => r.id === id);
    if (run) drawRun(run, true);
  },
  continueRun(id: string) {
    view.setRunning('loading');
    post({ type: 'continueRun', runId: id });
  },
  useModel(id: string, cell: CellType) { post({ type: 'useModel', runId: id, cell }); },
  modeChanged() { view.setMode(view.readForm().mode); persist(); },
};

function persist(): void {
  const f = view.readForm();
  const form: Record<string, string | number> = {};
  for (const [k, input] of Object.entries(view.inputs)) form[k] = input.value;
  saveState<SavedForm>({ form, mode: f.mode, cells: f.cells });
}

/** Earlier runs are drawn faded under the current one, labelled by their start time. */
function drawRun(run: RunSummary, faded: boolean): void {
  const label = faded ? new Date(run.startedAt).toLocaleTimeString() : 'current';
  chart.clear(label);
  for (const [cell, c] of Object.entries(run.curves) as [CellType, { train: [number, number][]; val: [number, number][] }][]) {
    for (const [step, bpb] of c.train) chart.add(label, cell, 'train', step, bpb, faded);
    for (const [step, bpb] of c.val) chart.add(label, cell, 'val', step, bpb, faded);
  }
}

async function loadBase(files: ModelFile[]): Promise<BaseWeights> {
  const { model, metadata } = await decodeLanguageModel(artifactsFromFiles(files));
  const a = metadata.architecture;
  return { config: { cell: a.cell, embedDim: a.embedDim, hiddenSize: a.hiddenSize, layers: a.layers }, weights: model.getWeights(), dispose: () => model.dispose() };
}

/** The session of run `id`, started when its first part arrives. */
function sessionFor(id: string): RunSession {
  if (panel.current?.id !== id) panel.current = new RunSession(id);
  return panel.current;
}

async function train(run: RunSummary, resumeStep: number, session: RunSession): Promise<void> {
  try {
    await trainRun(run, resumeStep, session, {
      view, post, runCell, loadBase,
      chartPoint: (cell, kind, step, bpb) => chart.add('current', cell, kind, step, bpb),
      startBackend: () => backend.start(),
    });
  } finally {
    if (panel.current === session) panel.current = undefined;
  }
}

function handle(m: HostMessage): void {
  switch (m.type) {
    case 'init': {
      backend.choice = m.backend;
      const saved = loadState<SavedForm>();
      view.fillForm({ include: m.include, maxFileKB: m.maxFileKB, ...m.defaults, ...m.scratch, ...(saved.form ?? {}) });
      view.setMode(saved.mode ?? 'finetune');
      if (saved.cells) for (const [c, el] of Object.entries(view.cellChecks)) el.checked = saved.cells.includes(c as CellType);
      view.setModel(m.model);
      panel.runs = m.runs;
      view.setRuns(panel.runs, !panel.current);
      if (panel.runs[0]) drawRun(panel.runs[0], true);
      void backend.start().catch(() => undefined);
      actions.scan();
      return;
    }
    case 'fileSummary':
      view.setFileSummary(m.summary);
      view.setMessage(m.summary.files === 0 ? t('No files match: change the glob or the size limit.') : '');
      return;
    case 'runModel':
      sessionFor(m.runId).model = m.files;
      return;
    case 'runData':
      sessionFor(m.runId).addFiles(m.index, m.files);
      return;
    case 'runStart':
      if (panel.current?.id !== m.run.id) { view.setMessage(t('The training data did not arrive; start again.'), 'error'); view.setRunning('idle'); return; }
      view.clearRun();
      chart.clear('current');
      void train(m.run, m.resumeStep, panel.current);
      return;
    case 'runs':
      panel.runs = m.runs;
      view.setModel(m.model);
      view.setRuns(panel.runs, !panel.current);
      return;
    case 'checkpointSaved':
      view.setCheckpoint(m.step);
      return;
    case 'verdict':
      view.setVerdict(m, () => actions.useModel(m.runId, m.cell));
      return;
    case 'error':
      view.setMessage(m.message, 'error');
      if (!panel.current) view.setRunning('idle');
      return;
  }
}

const root = document.getElementById('app')!;
const view = new PanelView(root, actions);
const chart = new LossChart(view.chartEl);
const backend = new BackendStarter(root.dataset.wasmBase ?? '', (label) => view.setBackend(label ?? t('none')));
onHostMessage(handle);
// Keep tfjs quiet about backend registration in the webview console.
tf.env().set('DEBUG', false);
post({ type: 'ready' });
