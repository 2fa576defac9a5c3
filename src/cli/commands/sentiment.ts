// `sentiment`: one JSON result per input line, from the bundled sentiment classifier.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SentimentModelError } from '../../model/sentiment/artifacts';
import { loadSentimentClassifier } from '../../model/sentiment/folder';
import { CliError, parseArgs, stringOption } from '../args';
import type { CliCommand } from '../command';
import { binaryReason } from '../textFiles';

/** The bundled model, relative to the CLI bundle: dist/cli.js -> models/sentiment. */
export function bundledSentimentDir(): string {
  return join(__dirname, '..', 'models', 'sentiment');
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
where P is the probability that the text is positive. Empty lines get a result too (P = 0.5).

Options:
  --binary      label positive or negative only (positive when P >= 0.5)
  --model DIR   sentiment model folder (default: the bundled model)
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model'], flags: ['binary'] });
    if (args.positionals.length > 1) throw new CliError('give at most one FILE (see --help)');
    const binary = args.options.has('binary');
    const bytes = readInput(args.positionals[0]);
    const reason = binaryReason(bytes);
    if (reason) throw new CliError(`cannot read ${args.positionals[0] ?? 'standard input'}: ${reason} (binary file?)`);
    const dir = stringOption(args, 'model') ?? bundledSentimentDir();
    let classifier;
    try {
      classifier = loadSentimentClassifier(dir);
    } catch (e) {
      if (e instanceof SentimentModelError) throw new CliError(`cannot load the sentiment model: ${e.message}`);
      throw e;
    }
    const out: string[] = [];
    for (const line of inputLines(new TextDecoder().decode(bytes))) {
      const { label, score } = classifier.classify(line, { binary });
      out.push(JSON.stringify({ label, score: Math.round(score * 1e6) / 1e6 }));
      if (out.length >= 4096) {
        process.stdout.write(out.join('\n') + '\n');
        out.length = 0;
      }
    }
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
