// `sentiment`: one JSON result per input line, from the bundled sentiment classifiers: the English one,
// or the Chinese one for a line mostly in Chinese characters. A line the editor would not label says why
// in a "skipped" field: both go through one judgement (../../sentiment/judge).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { labelFor, type SentimentClassifier } from '../../model/sentiment/classifier';
import { SentimentModelError } from '../../model/sentiment/artifacts';
import { loadSentimentClassifier } from '../../model/sentiment/folder';
import { judgeSentence, type SentimentModels } from '../../sentiment/judge';
import type { SentimentLanguage, SkipReason } from '../../text/judgeable';
import { isMarkdownHeading } from '../../text/markdown';
import { CliError, parseArgs, stringOption } from '../args';
import type { CliCommand } from '../command';
import { binaryReason } from '../textFiles';

/** The bundled models, relative to the CLI bundle: dist/cli.js -> models/sentiment, models/sentiment-zh. */
export function bundledSentimentDirs(): Record<SentimentLanguage, string> {
  return { en: join(__dirname, '..', 'models', 'sentiment'), zh: join(__dirname, '..', 'models', 'sentiment-zh') };
}

function loadModel(dir: string): SentimentClassifier {
  try {
    return loadSentimentClassifier(dir);
  } catch (e) {
    if (e instanceof SentimentModelError) throw new CliError(`cannot load the sentiment model: ${e.message}`);
    throw e;
  }
}

/** The bundled models, with `custom` (a folder) in place of the bundled model of the language it reads. */
export function loadSentimentModels(custom?: string): SentimentModels {
  const dirs = bundledSentimentDirs();
  const chosen = custom === undefined ? undefined : loadModel(custom);
  const model = (language: SentimentLanguage) => (chosen?.language === language ? chosen : loadModel(dirs[language]));
  return { en: model('en'), zh: model('zh') };
}

export interface LineResult {
  label: 'positive' | 'neutral' | 'negative';
  score: number;
  skipped?: SkipReason;
}

/**
 * One input line's result. A skipped line is neutral (or, with `binary`, labelled by its score) and
 * scored by the model its main script would go to, 0.5 when there is none.
 */
export function judgeLine(models: SentimentModels, line: string, binary: boolean): LineResult {
  const j = judgeSentence(models, line, { heading: isMarkdownHeading(line) });
  if (!j.skip) return { label: labelFor(j.score, models[j.language].neutralBand, binary), score: j.score };
  const score = j.language ? models[j.language].score(line) : 0.5;
  return { label: binary ? labelFor(score, [0.5, 0.5], true) : 'neutral', score, skipped: j.skip };
}

function readInput(path: string | undefined): Uint8Array {
  const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (path === undefined || path === '-') return bytes(readFileSync(0));
  try {
    if (statSync(path).isDirectory()) throw new CliError(`${path} is a folder, not a text file`);
    return bytes(readFileSync(path));
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Input lines; a final line break does not start another (empty) line. */
export function inputLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const sentimentCommand: CliCommand = {
  usage: `Usage: gru-scribe sentiment [--binary] [--model DIR] [FILE]

Reads one text per line from FILE (or standard input when FILE is absent or "-") and writes one
JSON object per input line, in order: {"label":"positive"|"neutral"|"negative","score":P}
where P is the probability that the text is positive, from the English model, or from the Chinese
model for a line mostly in Chinese characters (traditional ones too). Each language has its own
neutral band (see the model cards).

A line the editor would leave unlabelled gets a third field, "skipped", with the reason, and the
label "neutral": "no-words" (no letters; P = 0.5), "other-script" (mostly a script neither model
reads; P = 0.5), "not-a-sentence" (a Markdown heading, or English without a sentence end that is one
or two words or in title case), "unknown-words" (mostly words the model does not know).

Options:
  --binary      label positive or negative only (positive when P >= 0.5), skipped lines too
  --model DIR   a sentiment model folder used instead of the bundled model of the language it reads
                (English or Chinese, as its metadata says); the other language keeps its bundled model
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model'], flags: ['binary'] });
    if (args.positionals.length > 1) throw new CliError('give at most one FILE (see --help)');
    const binary = args.options.has('binary');
    const bytes = readInput(args.positionals[0]);
    const reason = binaryReason(bytes);
    if (reason) throw new CliError(`cannot read ${args.positionals[0] ?? 'standard input'}: ${reason} (binary file?)`);
    const models = loadSentimentModels(stringOption(args, 'model'));
    const out: string[] = [];
    for (const line of inputLines(new TextDecoder().decode(bytes))) {
      const { label, score, skipped } = judgeLine(models, line, binary);
      out.push(JSON.stringify({ label, score: Math.round(score * 1e6) / 1e6, ...(skipped ? { skipped } : {}) }));
      if (out.length >= 4096) {
        process.stdout.write(out.join('\n') + '\n');
        out.length = 0;
      }
    }
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
