// `generate`: continues a prompt with the language model.
import { readFileSync } from 'node:fs';
import { generate } from '../../completion/engine/generate';
import { findLoop, firstRepeatedPhrase } from '../../completion/engine/repetition';
import { createTextDecoder } from '../../model/lm/textDecoder';
import { READABLE_SAMPLING } from '../../model/lm/sampler';
import { CliError, integerOption, numberOption, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModelOption } from '../modelFolder';

export const generateCommand: CliCommand = {
  usage: `Usage: gru-scribe generate [--model DIR] [--max-bytes N] [--temperature T] [--top-p P] [--seed S] [--match] PROMPT

Prints the continuation of PROMPT (not the prompt itself) on stdout: up to --max-bytes, the end of the
paragraph (a blank line), or the point where the text starts going round in a loop (one copy of the
repeated part is kept), as inline completions stop. PROMPT "-" reads it from stdin.

Options:
  --model DIR        model folder (default: the bundled model)
  --max-bytes N      length of the continuation in UTF-8 bytes (default 200)
  --temperature T    0 always picks the most likely byte; higher is more varied (default ${READABLE_SAMPLING.temperature})
  --top-p P          nucleus sampling: only the most likely bytes holding probability P (default ${READABLE_SAMPLING.topP})
  --seed S           seed of the sampler; the same seed gives the same text (default 1)
  --match            mix in the match model as completions do (it copies earlier text, and in free-running
                     text mostly copies the prompt and itself)
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model', 'max-bytes', 'temperature', 'seed', 'top-p'], flags: ['match'] });
    const maxBytes = integerOption(args, 'max-bytes', 200, 1, 1_000_000);
    const temperature = numberOption(args, 'temperature', READABLE_SAMPLING.temperature, 0, 100);
    const topP = numberOption(args, 'top-p', READABLE_SAMPLING.topP, 0, 1);
    const seed = integerOption(args, 'seed', 1, 0, 2 ** 32 - 1);
    if (args.positionals.length === 0) throw new CliError('give a PROMPT to continue (see --help)');
    const prompt = args.positionals.length === 1 && args.positionals[0] === '-' ? readFileSync(0, 'utf8') : args.positionals.join(' ');
    const { model, memory } = await loadModelOption(args);
    const match = args.options.has('match');
    const decoder = createTextDecoder(model, { match, memory: match ? memory : undefined });
    decoder.feedAll(new TextEncoder().encode(prompt));
    const { text } = generate(decoder, { maxBytes, multiline: true, temperature, topP, seed });
    // Cut as completions cut: after one copy of a unit repeated back to back, or before a stretch that
    // repeats one written earlier in the continuation (a loop longer than findLoop's units).
    const loop = findLoop(text);
    const repeat = firstRepeatedPhrase(text, 1);
    const cut = Math.min(loop ? loop.start + loop.unitLength : text.length, repeat >= 0 ? repeat : text.length);
    const out = text.slice(0, cut);
    process.stdout.write(process.stdout.isTTY ? out + '\n' : out);
    return 0;
  },
};
