// Byte corpora for training: held-out splits and a resumable stream of truncated-BPTT batches.
// Platform-neutral (no file access): callers pass documents in as byte arrays.
import { mulberry32 } from './sampler';

export interface Document {
  name: string;
  bytes: Uint8Array;
}

/**
 * Holds out the last `fraction` of every document (cut at a line start when one is near),
 * so validation covers every source and domain in proportion.
 */
export function splitDocuments(docs: Document[], fraction: number): { train: Document[]; val: Document[] } {
  const train: Document[] = [];
  const val: Document[] = [];
  for (const doc of docs) {
    const n = doc.bytes.length;
    let cut = Math.round(n * (1 - fraction));
    if (fraction > 0 && cut < n) {
      const newline = doc.bytes.indexOf(10, cut);
      if (newline >= 0 && newline - cut < 4096 && newline + 1 < n) cut = newline + 1;
    }
    if (cut > 0) train.push({ name: doc.name, bytes: doc.bytes.subarray(0, cut) });
    if (cut < n) val.push({ name: doc.name, bytes: doc.bytes.subarray(cut) });
  }
  return { train, val };
}

/** Between the files of a training text (the panel's documents, a memory): a blank line. */
export const FILE_SEPARATOR = new Uint8Array([10, 10]);

/**
 * The training panel's documents: each file followed by a blank line, so a model trained on them sees where
 * one file ends and the next begins (as in a memory, see memoryFile.ts).
 */
export function fileDocuments(files: readonly Uint8Array[]): Document[] {
  return files.map((bytes, i) => {
    const doc = new Uint8Array(bytes.length + FILE_SEPARATOR.length);
    doc.set(bytes);
    doc.set(FILE_SEPARATOR, bytes.length);
    return { name: String(i), bytes: doc };
  });
}

export function totalBytes(docs: Document[]): number {
  return docs.reduce((s, d) => s + d.bytes.length, 0);
}

/** Where a batch stream is: enough to continue exactly after a restart. */
export interface StreamPosition {
  epoch: number;
  batch: number;
}

export interface Batch {
  /** Inputs, time-major: index t*lanes + b is lane b at step t. */
  inputs: Int32Array;
  /** The next byte for every input. */
  targets: Int32Array;
  /** True when this batch starts an epoch (the recurrent state should start from zero). */
  epochStart: boolean;
}

/**
 * Each epoch concatenates the documents in a seeded shuffled order and cuts the result into `lanes`
 * contiguous streams; batch k holds steps [k*T, (k+1)*T) of every lane. Consecutive batches continue
 * each lane, so the recurrent state can be carried from one batch to the next (truncated BPTT).
 */
export class BatchStream {
  readonly batchesPerEpoch: number;
  private epochData?: { epoch: number; data: Uint8Array };
  private readonly laneLength: number;
  position: StreamPosition = { epoch: 0, batch: 0 };

  constructor(private readonly docs: Document[], readonly lanes: number, readonly steps: number, private readonly seed = 1) {
    const total = totalBytes(docs);
    this.laneLength = Math.floor(total / lanes);
    this.batchesPerEpoch = Math.floor((this.laneLength - 1) / steps);
    if (this.batchesPerEpoch < 1) {
      throw new Error(`not enough text to train: ${total} bytes, need at least ${lanes * (steps + 1)} for ${lanes} lanes of ${steps} steps`);
    }
  }

  /** Bytes of input per batch. */
  get batchBytes(): number {
    return this.lanes * this.steps;
  }

  next(): Batch {
    const { epoch, batch } = this.position;
    const data = this.dataFor(epoch);
    const { lanes, steps } = this;
    const inputs = new Int32Array(lanes * steps);
    const targets = new Int32Array(lanes * steps);
    for (let b = 0; b < lanes; b++) {
      const start = b * this.laneLength + batch * steps;
      for (let t = 0; t < steps; t++) {
        inputs[t * lanes + b] = data[start + t];
        targets[t * lanes + b] = data[start + t + 1];
      }
    }
    this.position = batch + 1 < this.batchesPerEpoch ? { epoch, batch: batch + 1 } : { epoch: epoch + 1, batch: 0 };
    return { inputs, targets, epochStart: batch === 0 };
  }

  private dataFor(epoch: number): Uint8Array {
    if (this.epochData?.epoch !== epoch) {
      const order = this.docs.map((_, i) => i);
      const random = mulberry32(this.seed * 1000003 + epoch);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const data = new Uint8Array(totalBytes(this.docs));
      let at = 0;
      for (const i of order) { data.set(this.docs[i].bytes, at); at += this.docs[i].bytes.length; }
      this.epochData = { epoch, data };
    }
    return this.epochData.data;
  }
}
