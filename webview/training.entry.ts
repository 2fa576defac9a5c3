// The training panel's script: wires the view, the extension's messages and the in-webview trainer.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { decodeLanguageModel, type LmArtifacts } from '../src/model/lm/artifacts';
import { splitDocuments, type Document } from '../src/model/lm/corpus';
import type { LmConfig } from '../src/model/lm/model';
import { PauseController } from '../src/model/lm/trainer';
import type { CellType } from '../src/model/lm/types';
import { initBackend, type BackendName } from '../src/model/backend';
import { LIMITS, type BackendChoice, type CellResult, type FilePayload, type HostMessage, type RunSummary, type ScratchConfig } from '../src/training/protocol';
import { runCell } from './cellRunner';
import { loadState, onHostMessage, post, saveState } from './hostChannel';
import { t } from './l10n';
import { LossChart } from './lossChart';
import { CELL_LABEL, PanelView } from './panelView';

interface SavedForm { form?: Record<string, string | number>; mode?: 'finetune' | 'compare'; cells?: CellType[] }

const root = document.getElementById('app')!;
const wasmBase = root.dataset.wasmBase ?? '';

let view: PanelView;
let chart: LossChart;
let runs: RunSummary[] = [];
let backendChoice: BackendChoice = 'auto';
let backend: Promise<BackendName> | undefined;

/** The run being received or trained. */
let current: {
  id: string;
  chunks: Uint8Array[];
  model?: FilePayload[];
  abort: AbortController;
  pause: PauseController;
} | undefined;

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
  pause() { current?.pause.pause(); view.setRunning('paused'); },
  resume() { current?.pause.resume(); view.setRunning('running'); },
  stop() {
    if (!current) return;
    current.pause.resume();
    current.abort.abort();
    view.setMessage(t('Stopping after the current step…'));
  },
  showRun(id: string) {
    const run = runs.find((r) => r.id === id);
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

/**
 * The WebGL renderer when it is a software rasterizer (SwiftShader, llvmpipe): no GPU, so WebGL only adds
 * per-step readback stalls and wasm is as fast for training and faster for sampling.
 */
function softwareWebgl(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software/i.test(renderer) ? renderer : undefined;
}

function startBackend(): Promise<BackendName> {
  let note = '';
  let preference: BackendName[] = backendChoice === 'auto' ? ['webgl', 'wasm', 'cpu'] : [backendChoice, 'cpu'];
  if (backendChoice === 'auto' && softwareWebgl()) {
    preference = ['wasm', 'webgl', 'cpu'];
    note = t(' (WebGL is software-rendered here)');
  }
  backend ??= initBackend({ preference, wasmDir: wasmBase }).then((name) => {
    view.setBackend(name + (name === preference[0] ? note : ''));
    document.body.dataset.backend = name;
    return name;
  }, (e: Error) => { view.setBackend(t('none')); throw e; });
  return backend;
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function artifactsFrom(files: FilePayload[]): LmArtifacts {
  const get = (name: string) => {
    const f = files.find((x) => x.name === name);
    if (!f) throw new Error(t('the model has no {0}', name));
    return decodeBase64(f.base64);
  };
  const text = (name: string) => JSON.parse(new TextDecoder().decode(get(name)));
  const w = get('weights.bin');
  return { modelJson: text('model.json'), metadata: text('metadata.json'), weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer };
}

/** Cuts the received stream back into the files it was joined from. */
function documentsOf(data: Uint8Array, lengths: number[]): Document[] {
  const docs: Document[] = [];
  let at = 0;
  lengths.forEach((n, i) => { docs.push({ name: String(i), bytes: data.subarray(at, at + n) }); at += n; });
  return docs;
}

async function train(run: RunSummary, resumeStep: number, lengths: number[]): Promise<void> {
  const session = current!;
  const data = new Uint8Array(session.chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of session.chunks) { data.set(c, at); at += c.length; }
  session.chunks = [];
  const docs = splitDocuments(documentsOf(data, lengths), run.settings.validationShare);

  const results: CellResult[] = [];
  let status: 'completed' | 'stopped' | 'failed' = 'completed';
  let message: string | undefined;
  try {
    const name = await startBackend();
    post({ type: 'backend', runId: run.id, name });
    view.setRunning('running');
    view.setMessage(t('Training on {0} files ({1} with training text) with {2}.', run.files, docs.train.length, name));
    let base: { config: LmConfig; weights: tf.Tensor[]; dispose(): void } | undefined;
    if (session.model) {
      const { model, metadata } = await decodeLanguageModel(artifactsFrom(session.model));
      const a = metadata.architecture;
      base = { config: { cell: a.cell, embedDim: a.embedDim, hiddenSize: a.hiddenSize, layers: a.layers }, weights: model.getWeights(), dispose: () => model.dispose() };
    }
    const scratch: ScratchConfig = run.scratch ?? { embedDim: 32, hiddenSize: 128, layers: 1 };
    for (let i = 0; i < run.cells.length; i++) {
      if (session.abort.signal.aborted) break;
      const cell = run.cells[i];
      const config: LmConfig = base?.config ?? { cell, ...scratch };
      const label = CELL_LABEL[config.cell];
      const result = await runCell({
        config, initialWeights: base?.weights, firstStep: resumeStep, from: run.baseModel,
        docs, settings: run.settings, source: { files: run.files, bytes: run.bytes },
        signal: session.abort.signal, pause: session.pause,
        hooks: {
          progress: (p, fraction) => {
            view.setProgress({ fraction: (i + fraction) / run.cells.length, step: resumeStep + p.step, bytesPerSec: p.bytesPerSec,
              etaSec: (p.etaSeconds ?? NaN) + (run.cells.length - i - 1) * run.settings.timeBudgetSec });
          },
          point: (kind, step, bpb) => {
            chart.add('current', config.cell, kind, step, bpb);
            view.setLoss(kind, bpb);
            post({ type: 'point', runId: run.id, cell: config.cell, kind, step, bpb });
          },
          sample: (step, text) => {
            view.addSample(label, step, run.settings.samplePrompt, text);
            post({ type: 'sample', runId: run.id, cell: config.cell, step, text });
          },
          checkpoint: async (step, files) => { post({ type: 'checkpoint', runId: run.id, cell: config.cell, step, files }); },
        },
      });
      results.push(result);
      view.setResults(results, (c) => `${CELL_LABEL[c]}${run.mode === 'finetune' ? ` (${run.baseModel})` : ''}`);
    }
    base?.dispose();
    if (session.abort.signal.aborted) status = 'stopped';
  } catch (e) {
    status = 'failed';
    message = (e as Error)?.message ?? String(e);
    view.setMessage(t('Training failed: {0}', message), 'error');
  }
  current = undefined;
  view.setRunning('idle');
  if (status !== 'failed') view.setMessage(status === 'stopped' ? t('Stopped; the last weights were saved.') : t('Training finished.'));
  // The host accepts messages of a bounded length; a long error's start says what it is.
  post({ type: 'finished', runId: run.id, status, results, message: message?.slice(0, LIMITS.text) });
}

function handle(m: HostMessage): void {
  switch (m.type) {
    case 'init': {
      backendChoice = m.backend;
      const saved = loadState<SavedForm>();
      view.fillForm({ include: m.include, maxFileKB: m.maxFileKB, ...m.defaults, ...m.scratch, ...(saved.form ?? {}) });
      view.setMode(saved.mode ?? 'finetune');
      if (saved.cells) for (const [c, el] of Object.entries(view.cellChecks)) el.checked = saved.cells.includes(c as CellType);
      view.setModel(m.model);
      runs = m.runs;
      view.setRuns(runs, !current);
      if (runs[0]) drawRun(runs[0], true);
      void startBackend().catch(() => undefined);
      actions.scan();
      return;
    }
    case 'fileSummary':
      view.setFileSummary(m.summary);
      view.setMessage(m.summary.files === 0 ? t('No files match: change the glob or the size limit.') : '');
      return;
    case 'runModel':
      if (!current || current.id !== m.runId) current = { id: m.runId, chunks: [], abort: new AbortController(), pause: new PauseController() };
      current.model = m.files;
      return;
    case 'runData':
      if (!current || current.id !== m.runId) current = { id: m.runId, chunks: [], abort: new AbortController(), pause: new PauseController() };
      current.chunks[m.index] = decodeBase64(m.base64);
      return;
    case 'runStart':
      if (!current || current.id !== m.run.id) { view.setMessage(t('The training data did not arrive; start again.'), 'error'); view.setRunning('idle'); return; }
      view.clearRun();
      chart.clear('current');
      void train(m.run, m.resumeStep, m.documents);
      return;
    case 'runs':
      runs = m.runs;
      view.setModel(m.model);
      view.setRuns(runs, !current);
      return;
    case 'checkpointSaved':
      document.body.dataset.lastCheckpoint = `${m.cell}:${m.step}`;
      return;
    case 'control':
      actions[m.action]();
      return;
    case 'error':
      view.setMessage(m.message, 'error');
      if (!current) view.setRunning('idle');
      return;
  }
}

view = new PanelView(root, actions);
chart = new LossChart(view.chartEl);
onHostMessage(handle);
// Keep tfjs quiet about backend registration in the webview console.
tf.env().set('DEBUG', false);
post({ type: 'ready' });
