// The sentiment model folder: vocabulary.json + metadata.json + one tfjs layers model per ensemble member
// (member-N/model.json + member-N/weights.bin, weights stored as float16, the embedding optionally as
// uint8). Pure data, no tfjs import, so the inference worker stays small.
import { storedBytes } from '../lm/weightBytes';
import type { SubjectivityHead } from './subjectivity';
import { isTokenizerName, TOKENIZER_NAMES, type TokenizerName } from './tokenizers';

export const VOCABULARY_JSON = 'vocabulary.json';
export const METADATA_JSON = 'metadata.json';
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** float16, or uint8 with value = min + scale * q (tfjs weights-manifest quantization). */
  quantization?: { dtype: 'float16' } | { dtype: 'uint8'; min: number; scale: number };
}

export interface SentimentModelJson {
  format: 'layers-model';
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

export interface SentimentMetadata {
  kind: 'gru-scribe-sentiment';
  /** Ensemble members: sub-folders averaged at inference. */
  members: string[];
  embedding: number;
  units: number;
  /** How text becomes tokens; absent in English models written before there was a choice (en-words). */
  tokenizer?: TokenizerName;
  /** A score within [low, high] is shown as neutral. */
  neutralBand: [number, number];
  /** Optional P(subjective) over the members' pooled vectors (./subjectivity): weights checked at load. */
  subjectivity?: SubjectivityHead;
  /** How the model was trained and what it scored; kept with the weights for the model card. */
  training: Record<string, unknown>;
}

/** A model folder that cannot be used: missing files, bad JSON, wrong sizes. */
export class SentimentModelError extends Error {}

export function memberDir(index: number): string {
  return `member-${index + 1}`;
}

/**
 * A member folder named relative to the model folder, inside it on every platform: no absolute path (POSIX,
 * drive letter or UNC), no empty, `.` or `..` part, whichever separator is used.
 */
export function isMemberPath(member: unknown): member is string {
  if (typeof member !== 'string' || member === '' || /^[\\/]|^[A-Za-z]:/.test(member)) return false;
  return member.split(/[\\/]/).every((part) => part !== '' && part !== '.' && part !== '..');
}

export function checkMetadata(value: unknown): SentimentMetadata {
  const m = value as SentimentMetadata;
  if (!m || m.kind !== 'gru-scribe-sentiment') throw new SentimentModelError('not a sentiment model (metadata kind)');
  if (!Array.isArray(m.members) || m.members.length === 0) throw new SentimentModelError('metadata lists no members');
  const outside = m.members.find((member) => !isMemberPath(member));
  if (outside !== undefined) throw new SentimentModelError(`member "${String(outside)}" is not a folder inside the model folder`);
  if (!Number.isInteger(m.units) || !Number.isInteger(m.embedding)) throw new SentimentModelError('metadata lacks sizes');
  if (m.tokenizer !== undefined && !isTokenizerName(m.tokenizer)) {
    throw new SentimentModelError(`unknown tokenizer ${JSON.stringify(m.tokenizer)} (known: ${TOKENIZER_NAMES.join(', ')})`);
  }
  const [lo, hi] = m.neutralBand ?? [];
  if (!(lo <= 0.5 && hi >= 0.5 && lo >= 0 && hi <= 1)) throw new SentimentModelError('bad neutral band');
  return m;
}

/** Rows of a matrix, expanded to float32 one at a time (an embedding is read a word at a time). */
export interface MatrixRows {
  readonly rows: number;
  readonly cols: number;
  copyRow(row: number, out: Float32Array): void;
}

/** A [rows, cols] tensor left in its stored bytes (8-bit, 16-bit or 32-bit), expanded a row at a time. */
class StoredRows implements MatrixRows {
  readonly rows: number;
  readonly cols: number;
  private readonly table?: Float32Array;

  constructor(private readonly spec: WeightSpec, private readonly bytes: Uint8Array) {
    [this.rows, this.cols] = spec.shape;
    const q = spec.quantization;
    if (q?.dtype === 'uint8') this.table = Float32Array.from({ length: 256 }, (_, b) => q.min + q.scale * b);
  }

  copyRow(row: number, out: Float32Array): void {
    const { cols, bytes } = this;
    const dtype = this.spec.quantization?.dtype;
    if (dtype === 'uint8') {
      for (let j = 0, at = row * cols; j < cols; j++) out[j] = this.table![bytes[at + j]];
    } else if (dtype === 'float16') {
      const half = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + 2 * row * cols, bytes.byteOffset + 2 * (row + 1) * cols));
      for (let j = 0; j < cols; j++) out[j] = float16ToFloat32(half[j]);
    } else {
      out.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset + 4 * row * cols, bytes.byteOffset + 4 * (row + 1) * cols)));
    }
  }
}

/** Reads the named float32 tensors out of a weights file, expanding float16 and uint8 storage. */
export function decodeWeights(specs: WeightSpec[], data: ArrayBuffer): Map<string, Float32Array> {
  return decodeWeightsKeeping(specs, data, () => false).weights;
}

/**
 * decodeWeights, except that the 2-D tensors `keep` selects stay in their stored bytes and are read a row
 * at a time: expanding an 8-bit 40,000-word embedding up front costs tens of milliseconds and 10 MB.
 */
export function decodeWeightsKeeping(specs: WeightSpec[], data: ArrayBuffer, keep: (spec: WeightSpec) => boolean):
  { weights: Map<string, Float32Array>; rows: Map<string, MatrixRows> } {
  const total = specs.reduce((s, w) => s + storedBytes(w), 0);
  if (total !== data.byteLength) {
    throw new SentimentModelError(`${WEIGHTS_BIN} has ${data.byteLength} bytes, the manifest needs ${total}`);
  }
  const weights = new Map<string, Float32Array>();
  const rows = new Map<string, MatrixRows>();
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    if (spec.shape.length === 2 && keep(spec)) {
      rows.set(spec.name, new StoredRows(spec, new Uint8Array(data, offset, storedBytes(spec))));
    } else if (q?.dtype === 'float16') {
      const half = new Uint16Array(data.slice(offset, offset + 2 * n));
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = float16ToFloat32(half[i]);
      weights.set(spec.name, values);
    } else if (q?.dtype === 'uint8') {
      const bytes = new Uint8Array(data, offset, n);
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = q.min + q.scale * bytes[i];
      weights.set(spec.name, values);
    } else {
      weights.set(spec.name, new Float32Array(data.slice(offset, offset + 4 * n)));
    }
    offset += storedBytes(spec);
  }
  return { weights, rows };
}

export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
