// `generate`: continues a prompt with the language model.
import { readFileSync } from 'node:fs';
import { createTextDecoder } from '../../model/lm/textDecoder';
import { generateBytes, mulberry32 } from '../../model/lm/sampler';
import { decodeComplete } from '../../text/utf8';
import { CliError, integerOption, numberOption, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModelOption } from '../modelFolder';

export const generateCommand: CliCommand = {
  usage: `Usage: gru-scribe generate [--model DIR] [--max-bytes N] [--temperature T] [--seed S] PROMPT

Prints the continuation of PROMPT (not the prompt itself) on stdout. PROMPT "-" reads it from stdin.

Options:
  --model DIR        model folder (default: the bundled model)
  --max-bytes N      length of the continuation in UTF-8 bytes (default 200)
  --temperature T    0 always picks the most likely byte; higher is more varied (default 0.7)
  --top-k K          sample only among the K most likely bytes (default: all)
  --top-p P          sample only among the most likely bytes holding mass P (default 1)
  --seed S           seed of the sampler; the same seed gives the same text (default 1)
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model', 'max-bytes', 'temperature', 'seed', 'top-k', 'top-p'] });
    const maxBytes = integerOption(args, 'max-bytes', 200, 1, 1_000_000);
    const temperature = numberOption(args, 'temperature', 0.7, 0, 100);
    const topK = integerOption(args, 'top-k', 0, 0, 256);
    const topP = numberOption(args, 'top-p', 1, 0, 1);
    const seed = integerOption(args, 'seed', 1, 0, 2 ** 32 - 1);
    if (args.positionals.length === 0) throw new CliError('give a PROMPT to continue (see --help)');
    const prompt = args.positionals.length === 1 && args.positionals[0] === '-' ? readFileSync(0, 'utf8') : args.positionals.join(' ');
    const { model, memory } = await loadModelOption(args);
    const decoder = createTextDecoder(model, { memory });
    decoder.feedAll(new TextEncoder().encode(prompt));
    const bytes = generateBytes(decoder, maxBytes, { temperature, topK, topP }, mulberry32(seed));
    const text = decodeComplete(bytes);
    process.stdout.write(process.stdout.isTTY ? text + '\n' : text);
    return 0;
  },
};
