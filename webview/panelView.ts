// The panel's DOM: built once from @vscode-elements components, then updated through small setters.
// No innerHTML with data: every value shown comes from the workspace or the model and is set as text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { CellType } from '../src/model/lm/types';
import type { CellResult, FileSummary, HostMessage, RunMode, RunSummary, ScratchConfig, TrainingSettings } from '../src/training/protocol';
import { isSmallData } from '../src/training/smallData';
import { CELL_LABEL } from './cellLabels';
import { t, tData } from './l10n';

type Attrs = Record<string, string | number | boolean | undefined>;

/** document.createElement with attributes and children (strings become text nodes). */
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

interface FieldEl extends HTMLElement { value: string }
interface CheckEl extends HTMLElement { checked: boolean }
interface ProgressEl extends HTMLElement { value?: number; max: number; indeterminate: boolean }

function field(id: string, label: string, value: string | number, hint?: string): [HTMLElement, FieldEl] {
  const input = h('vscode-textfield', { id, value: String(value), title: hint }) as FieldEl;
  return [h('div', { class: 'field' }, h('vscode-label', { for: id }, label), input), input];
}

export interface ViewActions {
  scan(): void;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  showRun(id: string): void;
  continueRun(id: string): void;
  useModel(id: string, cell: CellType): void;
  modeChanged(): void;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '–';
  const s = Math.max(0, Math.round(sec));
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

const fmtBpb = (v?: number) => (v === undefined ? '–' : v.toFixed(3));

export class PanelView {
  readonly chartEl = h('div', { id: 'chart', class: 'chart' });
  private readonly modelEl = h('span', { id: 'model-name' }, '…');
  private readonly backendEl = h('span', { id: 'backend' }, t('not started'));
  private readonly fileSummaryEl = h('div', { id: 'file-summary', class: 'summary' }, t('Scan to see which files will be used.'));
  private readonly statusEl = h('span', { id: 'run-status' }, t('idle'));
  private readonly stats = {
    step: h('span', { id: 'stat-step' }, '–'),
    speed: h('span', { id: 'stat-speed' }, '–'),
    eta: h('span', { id: 'stat-eta' }, '–'),
    train: h('span', { id: 'stat-train-bpb' }, '–'),
    val: h('span', { id: 'stat-val-bpb' }, '–'),
    checkpoint: h('span', { id: 'stat-checkpoint' }, '–'),
  };
  private readonly verdictEl = h('div', { id: 'verdict', class: 'verdict', role: 'status' });
  private readonly progress = h('vscode-progress-bar', { id: 'progress', max: 1, value: 0, 'aria-label': t('Training progress') }) as ProgressEl;
  private readonly samplesEl = h('pre', { id: 'samples', class: 'samples' });
  private readonly resultsBody = h('tbody');
  private readonly runsBody = h('tbody');
  private readonly messageEl = h('div', { id: 'message', class: 'message', role: 'status' });
  readonly buttons: Record<'scan' | 'start' | 'pause' | 'resume' | 'stop', HTMLElement>;
  readonly inputs: Record<string, FieldEl>;
  readonly cellChecks: Record<CellType, CheckEl>;
  readonly modeSelect: FieldEl;
  private readonly scratchRow: HTMLElement;

  constructor(root: HTMLElement, actions: ViewActions) {
    const button = (id: string, text: string, onClick: () => void, secondary = false) => {
      const b = h('vscode-button', { id, secondary }, text);
      b.addEventListener('click', () => { if (!b.hasAttribute('disabled')) onClick(); });
      return b;
    };
    this.buttons = {
      scan: button('scan', t('Scan files'), actions.scan, true),
      start: button('start', t('Start'), actions.start),
      pause: button('pause', t('Pause'), actions.pause, true),
      resume: button('resume', t('Resume'), actions.resume, true),
      stop: button('stop', t('Stop'), actions.stop, true),
    };
    const f = (id: string, label: string, hint?: string) => field(id, label, '', hint);
    const parts = {
      include: f('include', t('Files (glob)'), t('Relative to each workspace folder; files.exclude, search.exclude and .gitignore apply')),
      maxFileKB: f('max-file-kb', t('Max file size (KB)')),
      timeBudgetSec: f('time-budget', t('Time budget (s)')),
      epochs: f('epochs', t('Epochs (0 = until time budget)')),
      learningRate: f('learning-rate', t('Learning rate')),
      seqLength: f('seq-length', t('Sequence length')),
      batchSize: f('batch-size', t('Batch size')),
      validationShare: f('validation-share', t('Validation share')),
      checkpointEverySec: f('checkpoint-every', t('Checkpoint every (s)')),
      samplePrompt: f('sample-prompt', t('Sample prompt')),
      embedDim: f('scratch-embed', t('Embedding size')),
      hiddenSize: f('scratch-hidden', t('Hidden units')),
      layers: f('scratch-layers', t('Layers')),
    };
    this.inputs = Object.fromEntries(Object.entries(parts).map(([k, [, input]]) => [k, input]));
    const row = (...keys: (keyof typeof parts)[]) => h('div', { class: 'row' }, ...keys.map((k) => parts[k][0]));

    this.modeSelect = h('vscode-single-select', { id: 'mode' },
      h('vscode-option', { value: 'finetune' }, t('Fine-tune the current model')),
      h('vscode-option', { value: 'compare' }, t('Compare cells, trained from scratch')),
    ) as FieldEl;
    this.modeSelect.addEventListener('change', actions.modeChanged);
    this.cellChecks = Object.fromEntries((['simpleRnn', 'lstm', 'gru'] as CellType[]).map((c) =>
      [c, h('vscode-checkbox', { id: `cell-${c}`, label: CELL_LABEL[c], checked: true }) as CheckEl])) as Record<CellType, CheckEl>;
    this.scratchRow = h('div', { class: 'compare-options' },
      h('div', { class: 'row cells' }, ...Object.values(this.cellChecks)),
      row('embedDim', 'hiddenSize', 'layers'));

    root.replaceChildren(
      h('header', {},
        h('h1', {}, t('Training')),
        h('div', { class: 'meta' }, t('Model: '), this.modelEl, t(' · Backend: '), this.backendEl, ' · ', this.statusEl)),
      this.messageEl,
      h('div', { class: 'layout' },
      h('div', { class: 'setup' },
      h('section', { id: 'data' }, h('h2', {}, t('Data')), row('include', 'maxFileKB'),
        h('div', { class: 'actions' }, this.buttons.scan), this.fileSummaryEl),
      h('section', { id: 'settings' }, h('h2', {}, t('Settings')),
        h('div', { class: 'field' }, h('vscode-label', { for: 'mode' }, t('Mode')), this.modeSelect),
        this.scratchRow,
        row('timeBudgetSec', 'epochs', 'learningRate', 'seqLength'),
        row('batchSize', 'validationShare', 'checkpointEverySec', 'samplePrompt'))),
      h('section', { id: 'run' }, h('h2', {}, t('Run')),
        h('div', { class: 'actions' }, this.buttons.start, this.buttons.pause, this.buttons.resume, this.buttons.stop),
        this.progress,
        h('dl', { class: 'stats' },
          h('dt', {}, t('Step')), h('dd', {}, this.stats.step),
          h('dt', {}, t('Speed')), h('dd', {}, this.stats.speed),
          h('dt', {}, t('ETA')), h('dd', {}, this.stats.eta),
          h('dt', {}, t('Train bits/byte')), h('dd', {}, this.stats.train),
          h('dt', {}, t('Validation bits/byte')), h('dd', {}, this.stats.val),
          h('dt', {}, t('Saved at step')), h('dd', {}, this.stats.checkpoint)),
        this.chartEl,
        h('h3', {}, t('Samples')), this.samplesEl,
        h('h3', {}, t('Validation bits per byte, before and after')),
        h('table', { id: 'results', class: 'table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('Model')), h('th', {}, t('Before')), h('th', {}, t('After')), h('th', {}, t('Change')), h('th', {}, t('Steps')))),
          this.resultsBody),
        this.verdictEl)),
      h('section', { id: 'history' }, h('h2', {}, t('Earlier runs')),
        h('table', { id: 'runs', class: 'table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('Started')), h('th', {}, t('Mode')), h('th', {}, t('Data')), h('th', {}, t('Status')), h('th', {}, t('Validation bits/byte')), h('th', {}, ''))),
          this.runsBody)),
    );
    this.runActions = actions;
    this.setRunning('idle');
  }

  private readonly runActions: ViewActions;

  readForm(): { include: string; maxFileKB: number; mode: RunMode; cells: CellType[]; settings: TrainingSettings; scratch: ScratchConfig } {
    const v = (k: string) => this.inputs[k].value.trim();
    const num = (k: string) => Number(v(k));
    return {
      include: v('include'),
      maxFileKB: Math.round(num('maxFileKB')),
      mode: this.modeSelect.value === 'compare' ? 'compare' : 'finetune',
      cells: (Object.keys(this.cellChecks) as CellType[]).filter((c) => this.cellChecks[c].checked),
      settings: {
        timeBudgetSec: num('timeBudgetSec'), epochs: Math.round(num('epochs')), learningRate: num('learningRate'),
        seqLength: Math.round(num('seqLength')), batchSize: Math.round(num('batchSize')), validationShare: num('validationShare'),
        checkpointEverySec: num('checkpointEverySec'), samplePrompt: this.inputs.samplePrompt.value,
      },
      scratch: { embedDim: Math.round(num('embedDim')), hiddenSize: Math.round(num('hiddenSize')), layers: Math.round(num('layers')) },
    };
  }

  fillForm(values: Record<string, string | number>): void {
    for (const [k, value] of Object.entries(values)) if (this.inputs[k]) this.inputs[k].value = String(value);
  }

  setMode(mode: RunMode): void {
    this.modeSelect.value = mode;
    this.scratchRow.hidden = mode !== 'compare';
  }

  setModel(label: string): void { this.modelEl.textContent = label; }
  setBackend(name: string): void { this.backendEl.textContent = name; }

  setMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    this.messageEl.textContent = text;
    this.messageEl.className = `message ${text ? kind : ''}`;
  }

  setFileSummary(s: FileSummary): void {
    const skipped = s.skipped.map((x) => t('{0} {1}', x.count, tData(x.reason))).join(t(', '));
    this.fileSummaryEl.replaceChildren(
      h('strong', { id: 'file-count' }, t('{0} files, {1}', s.files, formatBytes(s.bytes))),
      skipped ? t(' · skipped: {0}', skipped) : '',
      s.examples.length ? h('div', { class: 'examples' }, s.examples.join(', ') + (s.files > s.examples.length ? ', …' : '')) : '',
      s.secretFiles.length ? h('div', { id: 'secret-files', class: 'examples' }, t('Left out, {0}: {1}', t('looks like a secret'), s.secretFiles.join(', '))) : '',
      s.files > 0 && isSmallData(s.bytes)
        ? h('div', { id: 'small-data', class: 'note' }, t('{0} is little text to fine-tune on: the run will train gently, keep the weights that validate best, and completions switch to them only if they validate better than the model in use.', formatBytes(s.bytes)))
        : '',
    );
  }

  setRunning(state: 'idle' | 'loading' | 'running' | 'paused'): void {
    const enable = (b: HTMLElement, on: boolean) => { if (on) b.removeAttribute('disabled'); else b.setAttribute('disabled', ''); };
    enable(this.buttons.start, state === 'idle');
    enable(this.buttons.scan, state === 'idle');
    enable(this.buttons.pause, state === 'running');
    enable(this.buttons.resume, state === 'paused');
    enable(this.buttons.stop, state === 'running' || state === 'paused');
    this.statusEl.textContent = t(state);
    document.body.dataset.runState = state;
  }

  setProgress(p: { fraction: number; step: number; bytesPerSec: number; etaSec: number }): void {
    this.progress.indeterminate = false;
    this.progress.value = Math.min(1, Math.max(0, p.fraction));
    this.stats.step.textContent = String(p.step);
    this.stats.speed.textContent = `${formatBytes(Math.round(p.bytesPerSec))}/s`;
    this.stats.eta.textContent = formatDuration(p.etaSec);
  }

  setLoss(kind: 'train' | 'val', bpb: number): void {
    this.stats[kind].textContent = bpb.toFixed(3);
  }

  addSample(label: string, step: number, prompt: string, text: string): void {
    const entry = h('div', { class: 'sample' }, h('span', { class: 'sample-meta' }, t('{0} · step {1}', label, step)), '\n',
      h('span', { class: 'sample-prompt' }, prompt), text);
    this.samplesEl.prepend(entry);
    while (this.samplesEl.childElementCount > 12) this.samplesEl.lastElementChild?.remove();
  }

  setCheckpoint(step: number): void {
    this.stats.checkpoint.textContent = String(step);
  }

  /** After a fine-tune: whether completions switched to it, in words, with "Use it anyway" when they did not. */
  setVerdict(v: Extract<HostMessage, { type: 'verdict' }>, useAnyway: () => void): void {
    const figures = `${fmtBpb(v.beforeBpb)} → ${fmtBpb(v.afterBpb)}`;
    if (v.switched) {
      this.verdictEl.className = 'verdict better';
      this.verdictEl.replaceChildren(t('Validation got better: {0} bits per byte; completions now use the fine-tuned model.', figures));
      return;
    }
    const text = v.beforeBpb !== undefined && v.afterBpb !== undefined
      ? t('Validation got worse: {0} bits per byte; completions keep using {1}.', figures, v.model)
      : t('Too little validation text to compare the models; completions keep using {0}.', v.model);
    const button = h('vscode-button', { id: 'use-anyway', secondary: true }, t('Use it anyway'));
    button.addEventListener('click', () => { button.setAttribute('disabled', ''); useAnyway(); });
    this.verdictEl.className = 'verdict worse';
    this.verdictEl.replaceChildren(h('span', {}, text), ' ', button);
  }

  clearRun(): void {
    this.verdictEl.replaceChildren();
    this.verdictEl.className = 'verdict';
    this.samplesEl.replaceChildren();
    this.resultsBody.replaceChildren();
    this.progress.value = 0;
    for (const s of Object.values(this.stats)) s.textContent = '–';
  }

  setResults(results: CellResult[], labelFor: (c: CellType) => string): void {
    this.resultsBody.replaceChildren(...results.map((r) => {
      const change = r.beforeBpb !== undefined && r.afterBpb !== undefined ? r.afterBpb - r.beforeBpb : undefined;
      // Fewer bits per byte is better.
      const word = change === undefined ? undefined : change < 0 ? 'better' : 'worse';
      return h('tr', { 'data-cell': r.cell },
        h('td', {}, labelFor(r.cell)), h('td', { class: 'before' }, fmtBpb(r.beforeBpb)), h('td', { class: 'after' }, fmtBpb(r.afterBpb)),
        h('td', { class: `change ${word ?? ''}`, 'data-change': word },
          change === undefined ? '–' : `${change > 0 ? '+' : ''}${change.toFixed(3)} (${word === 'better' ? t('better') : t('worse')})`),
        h('td', {}, r.bestStep !== undefined && r.bestStep !== r.steps ? t('{0} (kept: {1})', r.steps, r.bestStep) : String(r.steps)));
    }));
  }

  setRuns(runs: RunSummary[], idle: boolean): void {
    this.runsBody.replaceChildren(...runs.map((r) => {
      const link = (text: string, fn: () => void, enabled = true) => {
        const b = h('vscode-button', { secondary: true, disabled: !enabled }, text);
        b.addEventListener('click', () => { if (!b.hasAttribute('disabled')) fn(); });
        return b;
      };
      const scores = r.results.map((x) => `${CELL_LABEL[x.cell]} ${fmtBpb(x.beforeBpb)} → ${fmtBpb(x.afterBpb)}`).join('; ');
      const actions = h('td', { class: 'run-actions' }, link(t('Show curves'), () => this.runActions.showRun(r.id)));
      if (r.status === 'interrupted' && r.cells.length === 1 && r.checkpoints[r.cells[0]] !== undefined) {
        actions.append(link(t('Continue'), () => this.runActions.continueRun(r.id), idle));
      }
      for (const c of r.cells) {
        if (r.checkpoints[c] !== undefined && r.status !== 'running') actions.append(link(t('Use {0}', CELL_LABEL[c]), () => this.runActions.useModel(r.id, c)));
      }
      return h('tr', { 'data-run': r.id, 'data-status': r.status },
        h('td', {}, new Date(r.startedAt).toLocaleString()),
        h('td', {}, r.mode === 'finetune' ? t('fine-tune ({0})', r.baseModel) : t('compare {0}', r.cells.map((c) => CELL_LABEL[c]).join(', '))),
        h('td', {}, t('{0} files, {1}', r.files, formatBytes(r.bytes))),
        h('td', {}, t(r.status)), h('td', {}, scores || '–'), actions);
    }));
  }
}
