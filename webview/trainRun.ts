// One run in the webview, from the received files to the `finished` message: the backend, the model to start
// from, each cell's training in turn, and what the view shows meanwhile. The starting model is freed however
// the run ends.
import type * as tf from '@tensorflow/tfjs';
import { fileDocuments, splitDocuments } from '../src/model/lm/corpus';
import type { LmConfig } from '../src/model/lm/model';
import type { ModelFile } from '../src/model/lm/modelCheck';
import { LIMITS, type CellResult, type RunSummary, type ScratchConfig, type WebviewMessage } from '../src/training/protocol';
import { CELL_LABEL } from './cellLabels';
import type { CellRunOptions } from './cellRunner';
import { t } from './l10n';
import type { PanelView } from './panelView';
import type { RunSession } from './runSession';

/** A model to fine-tune from, loaded on the backend. */
export interface BaseWeights { config: LmConfig; weights: tf.Tensor[]; dispose(): void }

export interface TrainRunDeps {
  view: Pick<PanelView, 'setRunning' | 'setMessage' | 'setProgress' | 'setLoss' | 'addSample' | 'setResults'>;
  chartPoint(cell: LmConfig['cell'], kind: 'train' | 'val', step: number, bpb: number): void;
  post(message: WebviewMessage): void;
  startBackend(): Promise<string>;
  loadBase(files: ModelFile[]): Promise<BaseWeights>;
  runCell(options: CellRunOptions): Promise<CellResult>;
}

const DEFAULT_SCRATCH: ScratchConfig = { embedDim: 32, hiddenSize: 128, layers: 1 };

export async function trainRun(run: RunSummary, resumeStep: number, session: RunSession, deps: TrainRunDeps): Promise<void> {
  const { view, post } = deps;
  const docs = splitDocuments(fileDocuments(session.takeFiles()), run.settings.validationShare);
  const results: CellResult[] = [];
  let status: 'completed' | 'stopped' | 'failed' = 'completed';
  let message: string | undefined;
  let base: BaseWeights | undefined;
  try {
    const name = await deps.startBackend();
    post({ type: 'backend', runId: run.id, name });
    view.setRunning('running');
    view.setMessage(t('Training on {0} files ({1} with training text) with {2}.', run.files, docs.train.length, name));
    if (session.model) base = await deps.loadBase(session.model);
    const scratch = run.scratch ?? DEFAULT_SCRATCH;
    for (let i = 0; i < run.cells.length; i++) {
      if (session.abort.signal.aborted) break;
      const config: LmConfig = base?.config ?? { cell: run.cells[i], ...scratch };
      const label = CELL_LABEL[config.cell];
      const result = await deps.runCell({
        config, initialWeights: base?.weights, firstStep: resumeStep, from: run.baseModel,
        docs, settings: run.settings, source: { files: run.files, bytes: run.bytes },
        signal: session.abort.signal, pause: session.pause,
        hooks: {
          progress: (p, fraction) => {
            view.setProgress({ fraction: (i + fraction) / run.cells.length, step: resumeStep + p.step, bytesPerSec: p.bytesPerSec,
              etaSec: (p.etaSeconds ?? NaN) + (run.cells.length - i - 1) * run.settings.timeBudgetSec });
          },
          point: (kind, step, bpb) => {
            deps.chartPoint(config.cell, kind, step, bpb);
            view.setLoss(kind, bpb);
            post({ type: 'point', runId: run.id, cell: config.cell, kind, step, bpb });
          },
          sample: (step, text) => view.addSample(label, step, run.settings.samplePrompt, text),
          checkpoint: async (step, files) => { post({ type: 'checkpoint', runId: run.id, cell: config.cell, step, files }); },
        },
      });
      results.push(result);
      view.setResults(results, (c) => `${CELL_LABEL[c]}${run.mode === 'finetune' ? ` (${run.baseModel})` : ''}`);
    }
    if (session.abort.signal.aborted) status = 'stopped';
  } catch (e) {
    status = 'failed';
    message = (e as Error)?.message ?? String(e);
    view.setMessage(t('Training failed: {0}', message), 'error');
  } finally {
    base?.dispose();
  }
  view.setRunning('idle');
  if (status !== 'failed') view.setMessage(finishedText(status, results));
  // The host accepts messages of a bounded length; a long error's start says what it is.
  post({ type: 'finished', runId: run.id, status, results, message: message?.slice(0, LIMITS.text) });
}

function finishedText(status: 'completed' | 'stopped', results: CellResult[]): string {
  const early = results.find((r) => r.earlyStop && r.bestStep !== undefined);
  if (early) return t('Validation stopped improving; training stopped and kept the weights of step {0}.', early.bestStep!);
  return status === 'stopped' ? t('Stopped; the weights that validated best were saved.') : t('Training finished.');
}
