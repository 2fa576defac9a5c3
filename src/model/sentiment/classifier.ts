// The sentiment model as the product uses it: text in, a score and a three-way label out.
// An ensemble of BiGRU members (./kernel) whose probabilities are averaged; with a subjectivity head
// (./subjectivity), plain statements of fact are drawn towards 0.5, the neutral band.
import { characterBoundary } from '../../text/spans';
import { checkMetadata, SentimentModelError, type SentimentMetadata, type SentimentModelJson } from './artifacts';
import { GruClassifierKernel } from './kernel';
import { checkSubjectivityHead, combinedScore, subjectivity, type SubjectivityHead } from './subjectivity';
import { DEFAULT_TOKENIZER, tokenizerFor, tokenizerLanguage } from './tokenizers';
import { OOV_INDEX, Vocabulary } from './vocabulary';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface SentimentResult {
  label: SentimentLabel;
  /**
   * P(positive) + P(neutral) / 2 (see ./subjectivity): near 0.5 for a statement of fact; without a
   * subjectivity head (P(neutral) = 0) the members' P(positive).
   */
  score: number;
}

/** What the score is made of, for evaluation: the members' mean P(positive) and P(subjective). */
export interface ScoreParts {
  polarity: number;
  /** 1 when the model has no subjectivity head. */
  subjectivity: number;
  score: number;
}

/** Everything in a model folder, as values (read from disk by ./folder, or sent to a worker). */
export interface SentimentArtifacts {
  metadata: unknown;
  vocabulary: unknown;
  members: { modelJson: unknown; weights: ArrayBuffer }[];
}

/**
 * The classifier reads at most this many characters of a text, runs of white space counting as one.
 * Why a bounded start rather than the whole text, or the text in pieces: the model was trained on single
 * sentences (SST-2, some 20 words), and its state pooled over a few hundred words says no more about a
 * longer one; a "sentence" this long is rarely prose but minified code, data or a log line; one text must
 * get one score, since the CLI writes one result per line and the editor one label per sentence, and must
 * get the same in both; and any text then costs the same bounded time (the word segmenter's cost grows
 * with the square of the text it is given: a 236 KB line took minutes).
 */
export const MAX_SENTENCE_CHARS = 2_000;

/**
 * The part of `text` the classifier reads: all of it when it is within MAX_SENTENCE_CHARS, else its
 * words, single-spaced, as far as they fit (a single longer word is cut).
 */
export function readablePart(text: string): string {
  if (text.length <= MAX_SENTENCE_CHARS) return text;
  const words: string[] = [];
  let length = -1;
  for (const [word] of text.matchAll(/\S+/g)) {
    if (length + 1 + word.length > MAX_SENTENCE_CHARS) {
      if (words.length === 0) {
        words.push(word.slice(0, characterBoundary(word, MAX_SENTENCE_CHARS)));
      }
      break;
    }
    words.push(word);
    length += 1 + word.length;
  }
  return words.join(' ');
}

/** Three classes from P(positive): inside the neutral band [low, high] is neutral. */
export function labelFor(score: number, band: readonly [number, number], binary = false): SentimentLabel {
  if (binary) return score >= 0.5 ? 'positive' : 'negative';
  if (score < band[0]) return 'negative';
  if (score > band[1]) return 'positive';
  return 'neutral';
}

/** The vocabulary's optional `variants`: one character -> one character (traditional -> simplified). */
function readVariants(value: unknown): Map<string, string> {
  if (value === undefined) return new Map();
  const single = (s: unknown) => typeof s === 'string' && [...s].length === 1;
  if (typeof value !== 'object' || value === null || Array.isArray(value)
    || !Object.entries(value).every(([k, v]) => single(k) && single(v))) {
    throw new SentimentModelError('vocabulary variants must map single characters to single characters');
  }
  return new Map(Object.entries(value as Record<string, string>));
}

export class SentimentClassifier {
  private readonly tokenize: (text: string) => string[];

  private constructor(
    readonly metadata: SentimentMetadata,
    readonly vocabulary: Vocabulary,
    private readonly members: GruClassifierKernel[],
    variants: ReadonlyMap<string, string>,
    private readonly subjectivityHead?: SubjectivityHead,
  ) {
    this.tokenize = tokenizerFor(this.tokenizer, variants);
    this.features = new Float32Array(members.reduce((n, m) => n + m.featureSize, 0));
    let at = 0;
    this.memberFeatures = members.map((m) => this.features.subarray(at, (at += m.featureSize)));
  }

  /** The members' pooled vectors of the sentence being scored, concatenated (the subjectivity head's input). */
  private readonly features: Float32Array;
  /** Each member's part of `features`. */
  private readonly memberFeatures: Float32Array[];

  get tokenizer() {
    return this.metadata.tokenizer ?? DEFAULT_TOKENIZER;
  }

  /** The language the model reads ('en' or 'zh'). */
  get language() {
    return tokenizerLanguage(this.tokenizer);
  }

  static fromArtifacts(artifacts: SentimentArtifacts): SentimentClassifier {
    const metadata = checkMetadata(artifacts.metadata);
    const words = (artifacts.vocabulary as { words?: unknown })?.words;
    if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) throw new SentimentModelError('vocabulary is not a list of words');
    const vocabulary = new Vocabulary(words as string[]);
    const variants = readVariants((artifacts.vocabulary as { variants?: unknown }).variants);
    if (artifacts.members.length !== metadata.members.length) throw new SentimentModelError('member count differs from the metadata');
    const members = artifacts.members.map(({ modelJson, weights }, i) => {
      const json = modelJson as SentimentModelJson;
      const specs = json?.weightsManifest?.flatMap((g) => g.weights);
      if (!Array.isArray(specs)) throw new SentimentModelError(`${metadata.members[i]}: model.json is not a tfjs layers model`);
      const kernel = GruClassifierKernel.fromWeightsFile(specs, weights);
      if (kernel.vocabSize !== vocabulary.size) throw new SentimentModelError(`${metadata.members[i]}: embedding size differs from the vocabulary`);
      return kernel;
    });
    const featureSize = members.reduce((n, m) => n + m.featureSize, 0);
    const head = metadata.subjectivity === undefined ? undefined : checkSubjectivityHead(metadata.subjectivity, featureSize);
    return new SentimentClassifier(metadata, vocabulary, members, variants, head);
  }

  get neutralBand(): [number, number] {
    return this.metadata.neutralBand;
  }

  /** Word ids of what the classifier reads of a text (see readablePart); OOV for unknown words. */
  encode(text: string): Int32Array {
    return this.vocabulary.encode(this.tokenize(readablePart(text)));
  }

  /** Share of the word ids that the model knows; 1 for no words. */
  static knownShare(ids: Int32Array): number {
    if (ids.length === 0) return 1;
    let known = 0;
    for (const id of ids) if (id !== OOV_INDEX) known++;
    return known / ids.length;
  }

  /** The score for word ids (see SentimentResult.score). */
  scoreIds(ids: Int32Array): number {
    return this.scoreParts(ids).score;
  }

  /** The members' mean P(positive), P(subjective) and the score they make; an empty text scores 0.5. */
  scoreParts(ids: Int32Array): ScoreParts {
    let sum = 0;
    if (!this.subjectivityHead || ids.length === 0) {
      for (const m of this.members) sum += m.predict(ids);
      const polarity = sum / this.members.length;
      return { polarity, subjectivity: ids.length === 0 ? 0 : 1, score: polarity };
    }
    this.members.forEach((m, i) => { sum += m.predictFromFeatures(m.features(ids, this.memberFeatures[i])); });
    const polarity = sum / this.members.length;
    const s = subjectivity(this.subjectivityHead, this.features);
    return { polarity, subjectivity: s, score: combinedScore(polarity, s) };
  }

  /**
   * P(positive) as the classifier reads `text` word by word: the words it reads (at most `maxWords`) and the
   * score of each prefix, so that one sees which words moved it (a bidirectional model has no state
   * "after word t" of its own: the prefix's score is what it would say had the sentence ended there).
   */
  readingSteps(text: string, maxWords = 64): { words: string[]; scores: number[] } {
    const words = this.tokenize(readablePart(text)).slice(0, maxWords);
    const ids = this.vocabulary.encode(words);
    return { words, scores: Array.from(ids, (_, i) => this.scoreIds(ids.subarray(0, i + 1))) };
  }

  score(text: string): number {
    return this.scoreIds(this.encode(text));
  }

  classify(text: string, options: { binary?: boolean; neutralBand?: readonly [number, number] } = {}): SentimentResult {
    const score = this.score(text);
    return { label: labelFor(score, options.neutralBand ?? this.neutralBand, options.binary), score };
  }
}
