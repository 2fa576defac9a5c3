// A run as the webview receives it: the model to start from and the training files, which arrive in
// batches before the run starts, and the controls (stop, pause) of the run once it trains.
import type { ModelFile } from '../src/model/lm/modelCheck';
import { PauseController } from '../src/model/lm/trainer';

export class RunSession {
  /** Batches of whole files, by their index. */
  private readonly batches: Uint8Array[][] = [];
  model?: ModelFile[];
  readonly abort = new AbortController();
  readonly pause = new PauseController();

  constructor(readonly id: string) {}

  addFiles(index: number, files: Uint8Array[]): void { this.batches[index] = files; }

  /** The training files in order; the batches are let go. */
  takeFiles(): Uint8Array[] {
    const files = this.batches.flat();
    this.batches.length = 0;
    return files;
  }
}
