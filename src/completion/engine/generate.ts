// Generation stage: reads bytes from the decoder until a stop condition, as text.
// The decoder has already read the document up to the cursor; this stage advances it (the caller restores it).
import type { ByteDecoder } from '../../model/lm/types';
import { mulberry32, sampleContinuation } from '../../model/lm/sampler';
import { endsInLoop } from './repetition';
import { Utf8Stream } from '../../text/utf8';

export interface GenerateOptions {
  /** Upper bound on generated UTF-8 bytes. */
  maxBytes: number;
  /** Continue past the end of the line (stops at a blank line instead). */
  multiline: boolean;
  /** 0 picks the most likely byte every time; higher values sample more freely. */
  temperature: number;
  /** Makes sampling at temperature > 0 reproducible. */
  seed?: number;
  /** Nucleus sampling at temperature > 0: only the most likely bytes holding this much probability (default 1: all). */
  topP?: number;
  /**
   * Stops before the byte that would take the probability of the whole suggestion below this: a small
   * model is sure of the end of a word long before it is sure of the next one, and a ghost text is only
   * worth accepting when all of it is right.
   */
  minProbability?: number;
  /**
   * Goes on below minProbability, down to `minProbability` here, while `until(text)` is false: far enough
   * to judge one more word on its own (see ./confidence.ts), and no further.
   */
  extend?: { minProbability: number; until: (text: string) => boolean };
}

export type StopReason = 'unsure' | 'lineEnd' | 'blankLine' | 'maxBytes' | 'invalidUtf8' | 'controlByte' | 'repetition';

export interface Generated {
  text: string;
  stoppedBy: StopReason;
  /** When stopped as 'unsure': the byte the model would have written next. */
  unsureOf?: number;
  /** For each character (code point) of `text`: the probability of the text up to and including it. */
  confidences: number[];
}

const BYTE_ORDER_MARK = '\ufeff';
const utf8 = new TextEncoder();

/** Control bytes never belong in a suggestion; tab and newline are handled by the caller. */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f;
}

/** True when generation stops before a byte that takes the confidence to `confidence` after `text`. */
function tooUnsure(confidence: number, text: string, minProbability: number, extend: GenerateOptions['extend']): boolean {
  const extended = extend !== undefined && confidence >= extend.minProbability && !extend.until(text);
  return confidence < minProbability && !extended;
}

/**
 * What generate() with `options`' cut-offs returns, from a greedy continuation generated with lower ones:
 * the same bytes, stopped where these cut-offs stop it (for calibrating them without generating again).
 */
export function stoppedEarlier(generated: Generated, options: Pick<GenerateOptions, 'minProbability' | 'extend'>): Generated {
  const chars = [...generated.text];
  let text = '';
  for (let i = 0; i < chars.length; i++) {
    if (tooUnsure(generated.confidences[i], text, options.minProbability ?? 0, options.extend)) {
      return { text, stoppedBy: 'unsure', unsureOf: utf8.encode(chars[i])[0], confidences: generated.confidences.slice(0, i) };
    }
    text += chars[i];
  }
  return generated;
}

export function generate(decoder: ByteDecoder, options: GenerateOptions): Generated {
  const random = options.seed === undefined ? Math.random : mulberry32(options.seed);
  const minProbability = options.minProbability ?? 0;
  const stream = new Utf8Stream();
  let text = '';
  let confidence = 1;
  const confidences: number[] = [];
  let stop: Omit<Generated, 'text' | 'confidences'> = { stoppedBy: 'maxBytes' };
  // Each byte is judged before it is fed: the caller restores the decoder, so a stop needs no step.
  sampleContinuation(decoder, options.maxBytes, { temperature: options.temperature, topP: options.topP }, random, (byte, probability) => {
    confidence *= probability;
    if (tooUnsure(confidence, text, minProbability, options.extend)) { stop = { stoppedBy: 'unsure', unsureOf: byte }; return false; }
    if (isControlByte(byte)) { stop = { stoppedBy: 'controlByte' }; return false; }
    const lineBreak = byte === 0x0a || byte === 0x0d;
    if (lineBreak && (!options.multiline || stream.incomplete)) { stop = { stoppedBy: 'lineEnd' }; return false; }
    if (byte === 0x0d) return true; // CRLF documents: the editor inserts its own line ending for '\n'
    const decoded = stream.push(byte);
    if (decoded === null) { stop = { stoppedBy: 'invalidUtf8' }; return false; }
    // A byte-order mark is invisible in the editor and never what is being typed: left out.
    const ch = decoded === BYTE_ORDER_MARK ? '' : decoded;
    text += ch;
    if (ch !== '') confidences.push(confidence);
    if (text.endsWith('\n\n')) {
      text = text.replace(/\n+$/, '');
      confidences.length = [...text].length;
      stop = { stoppedBy: 'blankLine' };
      return false;
    }
    if (ch !== '' && endsInLoop(text)) { stop = { stoppedBy: 'repetition' }; return false; }
    return true;
  });
  return { text, ...stop, confidences };
}
