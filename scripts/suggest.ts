// What the completion pipeline suggests for a cursor at the end of some text, with a model folder:
// the same chain of document state and shaping as the editor's worker.
//   node out/scripts/suggest.js --model models/lm --file notes.md [--typed "text typed after the file"]
//        [--max-bytes 48] [--min-confidence 0.1] [--multiline]   (defaults: the editor's)
// Prose or code by the file's name (prose without one), as eval-lm decides it.
// Prints one JSON line: { "suggestion": "...", "linePrefix": "..." }.
import { readFileSync } from 'node:fs';
import { DEFAULT_SUGGEST_OPTIONS, suggestCompletion } from '../src/completion/engine/suggest';
import { kindOfFileName } from '../src/completion/engine/textKind';
import { DocumentState, WINDOW_CHARS } from '../src/completion/worker/documentState';
import { loadFirstModel } from '../src/completion/worker/modelHost';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = arg('model') ?? 'models/lm';
  const file = arg('file');
  const text = (file ? readFileSync(file, 'utf8') : '') + (arg('typed') ?? '');
  const { decoder } = await loadFirstModel([{ kind: 'bundled', dir }]);
  const windowStart = Math.max(0, text.length - WINDOW_CHARS);
  new DocumentState().prepare(decoder, windowStart, text.slice(windowStart), () => false);
  const linePrefix = text.slice(text.lastIndexOf('\n') + 1);
  const suggestion = suggestCompletion(decoder, linePrefix, '', {
    ...DEFAULT_SUGGEST_OPTIONS,
    kind: file ? kindOfFileName(file) : 'prose',
    maxBytes: Number(arg('max-bytes') ?? DEFAULT_SUGGEST_OPTIONS.maxBytes),
    minProbability: Number(arg('min-confidence') ?? DEFAULT_SUGGEST_OPTIONS.minProbability),
    multiline: process.argv.includes('--multiline'),
  });
  process.stdout.write(JSON.stringify({ suggestion, linePrefix }) + '\n');
}

main().catch((e: Error) => {
  process.stderr.write(`suggest: ${e.message}\n`);
  process.exitCode = 1;
});
