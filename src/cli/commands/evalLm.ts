// `eval-lm`: bits per byte and completion quality of a language model on files, as one JSON object.
import { shortestShown } from '../../completion/engine/minimumSize';
import { generate } from '../../completion/engine/generate';
import { DEFAULT_SUGGEST_OPTIONS, suggestCompletion } from '../../completion/engine/suggest';
import { kindOfFileName } from '../../completion/engine/textKind';
import type { ByteDecoder } from '../../model/lm/types';
import { createTextDecoder } from '../../model/lm/textDecoder';
import { FastByteDecoder } from '../../model/lm/decoder';
import { checkAdaptationSettings, DEFAULT_ADAPTATION, OutputAdapter, type AdaptationSettings } from '../../model/lm/dynamicEvaluation';
import { MixedDecoder } from '../../model/lm/mixedDecoder';
import { evaluateLanguageModel } from '../../model/lm/evaluate';
import { CliError, integerOption, numberOption, parseArgs, stringOption, type ParsedArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModelOption } from '../modelFolder';
import { readTextFiles } from '../textFiles';

export const evalLmCommand: CliCommand = {
  usage: `Usage: gru-scribe eval-lm [--model DIR] [--positions N] [--replay-bytes N] [--seed S] [--min-confidence C] [--kind prose|code] [--network-only] [--no-memory] [--shortest] [--dynamic] FILE...

Prints one JSON object:
  bytes, bitsPerByte      mean cross-entropy over every byte (state reset at each file's start)
  positions               cursor positions drawn with the seed (not at a line end nor inside a character)
  acceptRate              share of positions whose suggestion is non-empty and typed exactly next
  meanMatchedBytes        mean common prefix of suggestion and the real rest of the line
  keystrokeSavings        the files replayed as if typed: wherever a suggestion shows, the longest run of its
                          whole words that is typed next is accepted (Tab for all, Ctrl+Right per word, one
                          keystroke each); (bytes accepted - acceptance keystrokes) / bytes replayed
  precision               share of shown suggestions whose first word is typed next
  shownPer100Bytes        suggestions shown per 100 bytes replayed
  wordBoundary            at pauses (after a space, punctuation or a CJK character): shownRate, precision
  midWord                 the same inside a word being typed
  replayedBytes           bytes the replay covered
  baseline.wordCompletion the same figures for completing the current word from earlier words
  adaptation              with --dynamic: update steps taken, and their cost in ms per KB read

Options:
  --model DIR         model folder (default: the bundled model); a fine-tuned folder's memory of its
                      training text (memory.bin) is searched as the editor searches it
  --positions N       number of completion positions (default 500)
  --replay-bytes N    about this many bytes are replayed as typed, in 256-byte windows drawn with the
                      seed (default 20000; a suggestion per character costs about a millisecond)
  --seed S            seed of the position draw (default 1)
  --min-confidence C  the editor's gruScribe.completions.minConfidence (default ${DEFAULT_SUGGEST_OPTIONS.minProbability})
  --kind prose|code   the kind of text, whose cut-offs at pauses apply (default: from each file's name;
                      .md, .txt, .rst and files without an extension are prose)
  --network-only      the recurrent network alone, without the match model (and memory) the editor mixes in
  --no-memory         the network and match model without the model folder's memory (what it adds)
  --shortest          the greedy continuation cut to the fewest characters the editor shows (two visible,
                      or one CJK letter): every suggestion the editor shows starts with these, so this
                      acceptRate bounds the editor's from above, whatever --min-confidence is
  --dynamic           dynamic evaluation, as in the editor: the output layer keeps learning on each file
                      as it is read (one step per segment, decayed toward the trained weights), starting
                      from the trained weights at each file
  --dynamic-rate R, --dynamic-decay D, --dynamic-segment BYTES, --dynamic-sample N
                      its settings (defaults ${DEFAULT_ADAPTATION.learningRate}, ${DEFAULT_ADAPTATION.decay}, ${DEFAULT_ADAPTATION.segmentBytes}, ${DEFAULT_ADAPTATION.sampleEvery}: one position in N enters a step)
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model', 'positions', 'replay-bytes', 'seed', 'min-confidence', 'kind', 'dynamic-rate', 'dynamic-decay', 'dynamic-segment', 'dynamic-sample'], flags: ['network-only', 'no-memory', 'shortest', 'dynamic'] });
    const positions = integerOption(args, 'positions', 500, 0, 1e7);
    const replayBytes = integerOption(args, 'replay-bytes', 20000, 0, 1e10);
    const seed = integerOption(args, 'seed', 1, 0, 2 ** 32 - 1);
    const files = readTextFiles(args.positionals, (m) => process.stderr.write(`gru-scribe: ${m}\n`));
    const { model, memory } = await loadModelOption(args);
    const decoder = createTextDecoder(model, { match: !args.options.has('network-only'), memory: args.options.has('no-memory') ? undefined : memory });
    // The same code path and default settings as the inline completion provider (greedy, one line); the
    // user is typing, so nothing follows the cursor.
    const minProbability = numberOption(args, 'min-confidence', DEFAULT_SUGGEST_OPTIONS.minProbability, 0, 1);
    const suggestOptions = { ...DEFAULT_SUGGEST_OPTIONS, multiline: false, temperature: 0, minProbability };
    const shortest = args.options.has('shortest');
    const kind = stringOption(args, 'kind');
    if (kind !== undefined && kind !== 'prose' && kind !== 'code') throw new CliError(`--kind must be prose or code, not "${kind}"`);
    const network = decoder instanceof MixedDecoder ? decoder.network : decoder;
    const adapter = args.options.has('dynamic') && network instanceof FastByteDecoder ? new OutputAdapter(network, adaptationOptions(args)) : undefined;
    const result = evaluateLanguageModel(decoder, files, {
      adapter,
      positions,
      replayBytes,
      seed,
      suggest: shortest ? shortestGreedy : (d, linePrefix, textBefore, file) =>
        suggestCompletion(d, linePrefix, '', { ...suggestOptions, kind: kind ?? kindOfFileName(file.name) }, textBefore),
      // Progress only for a person watching; logs and pipes get the JSON alone.
      onProgress: process.stderr.isTTY ? (f) => process.stderr.write(`\reval-lm: ${Math.round(f * 100)}%`) : undefined,
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  },
};

function adaptationOptions(args: ParsedArgs): AdaptationSettings {
  const d = DEFAULT_ADAPTATION;
  const segmentBytes = integerOption(args, 'dynamic-segment', d.segmentBytes, 1, 65536);
  return checkAdaptationSettings({
    ...d,
    segmentBytes,
    learningRate: numberOption(args, 'dynamic-rate', d.learningRate, 0, 100),
    decay: numberOption(args, 'dynamic-decay', d.decay, 0, 1),
    sampleEvery: integerOption(args, 'dynamic-sample', d.sampleEvery, 1, segmentBytes),
  });
}

/** `--shortest`: the start of the greedy continuation that every shown suggestion begins with. */
function shortestGreedy(decoder: ByteDecoder): string {
  const saved = decoder.snapshot();
  try {
    return shortestShown(generate(decoder, { ...DEFAULT_SUGGEST_OPTIONS, multiline: false, temperature: 0, minProbability: 0 }).text);
  } finally {
    decoder.restore(saved);
  }
}
