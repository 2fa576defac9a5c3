// `surprise`: how surprising each line of a file is to the language model, as "Highlight Surprising Lines"
// ranks them: one JSON object per line.
import { statSync } from 'node:fs';
import { createTextDecoder } from '../../model/lm/textDecoder';
import { INCONSISTENCY_BONUS, lineRanges, lineSurprises, LOOKALIKE_BONUS, MAX_SURPRISE_BYTES, PEAK_WINDOW } from '../../model/lm/surprise';
import { CliError, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModelOption } from '../modelFolder';
import { readTextFiles } from '../textFiles';

export const surpriseCommand: CliCommand = {
  usage: `Usage: gru-scribe surprise [--model DIR] FILE

Reads FILE from its start as the editor's decoder does (the state carried from line to line) and prints
one JSON object per line of FILE, in order:
  {"line": N, "bits": B, "bitsPerByte": X, "surprise": S}
  N  the line number, from 1
  B  the bits the model spent on the line's bytes, its newline included
  X  B divided by the line's bytes
  S  the score "Highlight Surprising Lines" ranks lines by, higher = more surprising: the largest excess
     of bits over what the model expected to spend (the entropy of its prediction) in any ${PEAK_WINDOW} bytes of the
     line, in units of the file's spread; comment lines count a quarter, and a line with a word found
     nowhere else in the file and one typo away from a word used elsewhere gets ${LOOKALIKE_BONUS} more; a line that
     disagrees with the rest of the file by one edit gets ${INCONSISTENCY_BONUS.operator} more for an operator the file has
     the other way elsewhere, ${INCONSISTENCY_BONUS['argument order']} for a call's arguments in the order other calls of the
     same function reverse, ${INCONSISTENCY_BONUS['dropped token']} for a name missing between two tokens the file has with it
     twice elsewhere, ${INCONSISTENCY_BONUS.bracket} for the file's one bracket closed by another kind

FILE must be UTF-8 text of at least two lines and at most ${MAX_SURPRISE_BYTES / (1 << 20)} MiB.

Options:
  --model DIR   model folder (default: the bundled model); a fine-tuned folder's memory of its training
                text (memory.bin) is searched as the editor searches it
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model'] });
    if (args.positionals.length !== 1) throw new CliError('give exactly one FILE (see --help)');
    const path = args.positionals[0];
    // Before reading it: a huge file would take minutes to score.
    let size = 0;
    try { size = statSync(path).size; } catch { /* readTextFiles names the problem */ }
    if (size > MAX_SURPRISE_BYTES) throw new CliError(`${path} is ${(size / (1 << 20)).toFixed(1)} MiB; surprise reads files of at most ${MAX_SURPRISE_BYTES / (1 << 20)} MiB`);
    const skipped: string[] = [];
    let bytes: Uint8Array;
    try {
      bytes = readTextFiles([path], (m) => skipped.push(m))[0].bytes;
    } catch (e) {
      // A skipped file (binary, not UTF-8) is named with its reason rather than "all were skipped".
      if (skipped.length) throw new CliError(`cannot read ${path}: ${skipped[0].slice(`skipping ${path}: `.length)}`);
      throw e;
    }
    if (lineRanges(bytes).length < 2) throw new CliError(`${path} has one line; surprise compares the lines of a file with each other, so it needs two or more`);
    const { model, memory } = await loadModelOption(args);
    const decoder = createTextDecoder(model, { memory });
    model.dispose();
    for (const l of lineSurprises(decoder, bytes)) {
      process.stdout.write(JSON.stringify({ line: l.line, bits: l.bits, bitsPerByte: l.bitsPerByte, surprise: l.surprise }) + '\n');
    }
    return 0;
  },
};
