// The extension side of a training session: answers the panel's requests, feeds it the selected bytes
// and the model to start from, and stores what it reports (curves, checkpoints, results).
import * as vscode from 'vscode';
import type { LmConfig } from '../model/lm/architecture';
import { joinMemory, MEMORY_BIN } from '../model/lm/memoryFile';
import type { CellType } from '../model/lm/types';
import { resolveBaseModel } from './baseModel';
import { selectTrainingFiles, type Selection } from './fileSelection';
import { checkCheckpoint, checkModelFiles } from '../model/lm/modelCheck';
import { localizedMessage } from './modelMessages';
import { withMemory } from '../model/lm/modelFolder';
import { addCurvePoint, type CellResult, type Curves, type HostMessage, type RunSummary, type WebviewMessage } from './protocol';
import { RunStore, type ModelFile } from './runStore';
import { readTrainingDefaults } from './settings';
import { switchVerdict } from './switchRule';
import { ownBytes } from '../panels/bytes';
import { fileBatches } from './webviewBytes';

/** What the panel needs from the rest of the extension. */
export interface TrainingHooks {
  /** Tells completions to load `models/current` (or the bundled model) again. */
  reloadModel(): unknown;
}

/** Training files go to the panel in messages of about this many bytes (whole files each). */
const BATCH_BYTES = 1 << 20;
const CURVE_SAVE_MS = 2000;

export class TrainingController {
  private selection: Selection | undefined;
  private readonly active = new Map<string, RunSummary>();
  /** Per active run: its training text as a model memory, added to every checkpoint. */
  private readonly memories = new Map<string, ReturnType<typeof joinMemory>>();
  /** Per active run that started from a model: that model's architecture, which its checkpoints must keep. */
  private readonly baseArchitectures = new Map<string, LmConfig>();
  private curveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly store: RunStore,
    private readonly post: (m: HostMessage) => Thenable<boolean>,
    private readonly hooks: TrainingHooks,
  ) {}

  async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready': return this.sendInit();
      case 'scanFiles': {
        const sel = await this.scan(m.include, m.maxFileKB);
        await this.post({ type: 'fileSummary', summary: sel.summary });
        return;
      }
      case 'start': return this.start(m);
      case 'continueRun': return this.continueRun(m.runId);
      case 'useModel': return this.useModel(m.runId, m.cell);
      case 'backend': {
        const run = this.active.get(m.runId);
        if (run) { run.backend = m.name; await this.store.saveRun(run); }
        return;
      }
      case 'point': {
        const run = this.active.get(m.runId);
        if (!run) return;
        const c = (run.curves[m.cell] ??= { train: [], val: [] });
        addCurvePoint(c[m.kind], [m.step, m.bpb]);
        // A fine-tune's first validation point is the model in use, measured on the run's validation bytes.
        if (run.mode === 'finetune' && m.kind === 'val' && run.baselineBpb === undefined) run.baselineBpb = m.bpb;
        this.scheduleCurveSave();
        return;
      }
      case 'checkpoint': return this.checkpoint(m.runId, m.cell, m.step, m.files);
      case 'finished': return this.finish(m.runId, m.status, m.results, m.message);
    }
  }

  /** The panel closed: runs it was training stay on disk as interrupted, with their last checkpoints. */
  async dispose(): Promise<void> {
    if (this.curveTimer) clearTimeout(this.curveTimer);
    await this.flushCurves();
    this.active.clear();
  }

  private async sendInit(): Promise<void> {
    const d = readTrainingDefaults();
    const runs = await this.store.listRuns(new Set(this.active.keys()));
    await this.post({ type: 'init', defaults: d.settings, scratch: d.scratch, include: d.include, maxFileKB: d.maxFileKB, backend: d.backend, model: await this.modelLabel(), runs });
  }

  private async modelLabel(): Promise<string> {
    try {
      const base = await resolveBaseModel(this.store, this.extensionPath);
      return base.fallbackReason ? vscode.l10n.t('{0} ({1})', base.label, base.fallbackReason) : base.label;
    } catch (e) {
      return vscode.l10n.t('no model: {0}', (e as Error).message);
    }
  }

  private async scan(include: string, maxFileKB: number): Promise<Selection> {
    const d = readTrainingDefaults();
    this.selection = await selectTrainingFiles({
      include, maxFileBytes: maxFileKB * 1024, maxTotalBytes: d.maxTotalMB * 1024 * 1024, extraExclude: d.exclude,
    });
    return this.selection;
  }

  private async start(m: Extract<WebviewMessage, { type: 'start' }>): Promise<void> {
    const d = readTrainingDefaults();
    // The files the panel last showed the counts of; the configured defaults when it never scanned.
    const sel = this.selection ?? await this.scan(d.include, d.maxFileKB);
    if (sel.files.length === 0) throw new Error(vscode.l10n.t('No training files: adjust the glob or the size limit, then scan again.'));
    let baseLabel = vscode.l10n.t('from scratch');
    let baseFiles: ModelFile[] | undefined;
    let baseArchitecture: LmConfig | undefined;
    if (m.mode === 'finetune') {
      const base = await resolveBaseModel(this.store, this.extensionPath);
      if (base.fallbackReason) void vscode.window.showWarningMessage(vscode.l10n.t('GRU Scribe: {0}; fine-tuning the bundled model instead.', base.fallbackReason));
      baseLabel = base.label;
      baseFiles = base.files;
      baseArchitecture = base.metadata.architecture;
    }
    const run: RunSummary = {
      id: RunStore.newId(), mode: m.mode, status: 'running', startedAt: new Date().toISOString(),
      cells: m.mode === 'finetune' ? ['gru'] : m.cells, settings: m.settings, scratch: m.mode === 'compare' ? m.scratch : undefined,
      files: sel.summary.files, bytes: sel.summary.bytes, baseModel: baseLabel, results: [], checkpoints: {}, curves: {},
    };
    if (baseArchitecture) run.cells = [baseArchitecture.cell];
    this.active.set(run.id, run);
    await this.store.saveRun(run);
    await this.sendRun(run, sel, baseFiles, 0);
  }

  /** Continues an interrupted single-model run from its last checkpoint. */
  private async continueRun(id: string): Promise<void> {
    const run = (await this.store.listRuns()).find((r) => r.id === id);
    if (!run) throw new Error(vscode.l10n.t('Run {0} was not found.', id));
    if (run.cells.length !== 1) throw new Error(vscode.l10n.t('Only single-model runs can be continued; start a new comparison instead.'));
    const cell = run.cells[0];
    const step = run.checkpoints[cell];
    const files = step !== undefined ? await this.store.readCheckpoint(id, cell) : undefined;
    if (!files) throw new Error(vscode.l10n.t('This run has no checkpoint to continue from.'));
    checked(() => checkCheckpoint(files, cell));
    const d = readTrainingDefaults();
    const sel = this.selection ?? await this.scan(d.include, d.maxFileKB);
    run.status = 'running';
    this.active.set(run.id, run);
    await this.store.saveRun(run);
    await this.sendRun(run, sel, files, step ?? 0);
  }

  private async sendRun(run: RunSummary, sel: Selection, model: ModelFile[] | undefined, resumeStep: number): Promise<void> {
    this.memories.set(run.id, joinMemory(sel.files.map((f) => f.bytes)));
    if (model) this.baseArchitectures.set(run.id, checkModelFiles(model).metadata.architecture);
    // The panel trains the network only; the base model's memory stays here.
    const network = model?.filter((f) => f.name !== MEMORY_BIN);
    if (network) await this.post({ type: 'runModel', runId: run.id, label: run.baseModel, files: network.map((f) => ({ name: f.name, data: ownBytes(f.data) })) });
    const batches = fileBatches(sel.files.map((f) => ownBytes(f.bytes)), BATCH_BYTES);
    for (let i = 0; i < batches.length; i++) {
      await this.post({ type: 'runData', runId: run.id, index: i, last: i === batches.length - 1, files: batches[i] });
    }
    await this.post({ type: 'runStart', run, resumeStep });
  }

  private async checkpoint(id: string, cell: CellType, step: number, model: ModelFile[]): Promise<void> {
    const run = this.active.get(id);
    if (!run || !run.cells.includes(cell)) return;
    try {
      checkCheckpoint(model, cell, this.baseArchitectures.get(id) ?? (run.scratch && { cell, ...run.scratch }));
    } catch (e) {
      throw new Error(vscode.l10n.t('The checkpoint of step {0} was not saved: {1}', step, (e as Error).message));
    }
    await this.store.saveCheckpoint(id, cell, withMemory(model, this.memories.get(id)));
    run.checkpoints[cell] = step;
    await this.store.saveRun(run);
    await this.post({ type: 'checkpointSaved', runId: id, cell, step });
  }

  private async finish(id: string, status: 'completed' | 'stopped' | 'failed', results: CellResult[], message?: string): Promise<void> {
    const run = this.active.get(id);
    if (!run) return;
    this.active.delete(id);
    this.memories.delete(id);
    this.baseArchitectures.delete(id);
    run.status = status;
    run.finishedAt = new Date().toISOString();
    run.results = results.filter((r) => run.cells.includes(r.cell));
    await this.store.saveRun(run);
    if (status === 'failed') {
      void vscode.window.showErrorMessage(vscode.l10n.t('GRU Scribe: training failed: {0}', message ?? vscode.l10n.t('unknown error')));
    } else if (run.mode === 'finetune' && run.checkpoints[run.cells[0]] !== undefined) {
      await this.decideSwitch(run, run.cells[0]);
    }
    await this.post({ type: 'runs', runs: await this.store.listRuns(new Set(this.active.keys())), model: await this.modelLabel() });
  }

  /**
   * A fine-tune's model replaces the one completions use only if it validates better on the same bytes;
   * otherwise the model in use stays, and the panel and a notification say so, with a way to use it anyway.
   */
  private async decideSwitch(run: RunSummary, cell: CellType): Promise<void> {
    const verdict = switchVerdict(run.baselineBpb, run.results.find((r) => r.cell === cell)?.afterBpb);
    if (verdict.switch) await this.useModel(run.id, cell);
    const model = await this.modelLabel();
    await this.post({ type: 'verdict', runId: run.id, cell, switched: verdict.switch, beforeBpb: verdict.beforeBpb, afterBpb: verdict.afterBpb, model });
    if (verdict.switch) return;
    const useAnyway = vscode.l10n.t('Use it anyway');
    const text = verdict.reason === 'worse'
      ? vscode.l10n.t('GRU Scribe: validation got worse: {0} → {1} bits per byte; completions keep using {2}.', verdict.beforeBpb.toFixed(2), verdict.afterBpb.toFixed(2), model)
      : vscode.l10n.t('GRU Scribe: too little validation text to compare the fine-tuned model with {0}; completions keep using it.', model);
    void vscode.window.showWarningMessage(text, useAnyway).then((choice) => {
      if (choice === useAnyway) return this.useModel(run.id, cell);
    });
  }

  /** Makes a run's model the one completions use, without a reload. */
  private async useModel(id: string, cell: CellType): Promise<void> {
    const files = await this.store.readCheckpoint(id, cell);
    if (files?.length) checked(() => checkCheckpoint(files, cell));
    await this.store.activate(id, cell);
    await this.hooks.reloadModel();
    await this.post({ type: 'runs', runs: await this.store.listRuns(new Set(this.active.keys())), model: await this.modelLabel() });
  }

  private scheduleCurveSave(): void {
    this.curveTimer ??= setTimeout(() => {
      this.curveTimer = undefined;
      void this.flushCurves();
    }, CURVE_SAVE_MS);
  }

  private async flushCurves(): Promise<void> {
    for (const run of this.active.values()) await this.store.saveCurves(run.id, run.curves as Curves).catch(() => undefined);
  }
}

/** Runs a model check; what it finds is said as a checkpoint that cannot be used. */
function checked(check: () => unknown): void {
  try {
    check();
  } catch (e) {
    throw new Error(vscode.l10n.t('The checkpoint cannot be used: {0}', localizedMessage(e)));
  }
}
