// The panel's defaults, from the `gruScribe.training.*` settings (declared in package.json).
import * as vscode from 'vscode';
import { BACKENDS, type BackendChoice, type ScratchConfig, type TrainingSettings } from './protocol';

export interface TrainingDefaults {
  include: string;
  exclude: Record<string, boolean>;
  maxFileKB: number;
  maxTotalMB: number;
  backend: BackendChoice;
  settings: TrainingSettings;
  scratch: ScratchConfig;
}

export function readTrainingDefaults(): TrainingDefaults {
  const c = vscode.workspace.getConfiguration('gruScribe.training');
  return {
    include: c.get<string>('include', '**/*'),
    exclude: c.get<Record<string, boolean>>('exclude', {}),
    maxFileKB: c.get<number>('maxFileSizeKB', 256),
    maxTotalMB: c.get<number>('maxTotalSizeMB', 8),
    backend: BACKENDS.find((b) => b === c.get<string>('backend')) ?? 'auto',
    settings: {
      timeBudgetSec: c.get<number>('timeBudgetSeconds', 600),
      epochs: c.get<number>('epochs', 0),
      learningRate: c.get<number>('learningRate', 0.001),
      seqLength: c.get<number>('sequenceLength', 64),
      batchSize: c.get<number>('batchSize', 32),
      validationShare: c.get<number>('validationShare', 0.1),
      checkpointEverySec: c.get<number>('checkpointIntervalSeconds', 30),
      samplePrompt: c.get<string>('samplePrompt', 'function '),
    },
    scratch: {
      embedDim: c.get<number>('scratch.embedDim', 32),
      hiddenSize: c.get<number>('scratch.hiddenSize', 128),
      layers: c.get<number>('scratch.layers', 1),
    },
  };
}
