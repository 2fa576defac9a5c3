// `inside`: the hidden units of the language model that track simple properties of the text in FILEs.
import { PROPERTIES } from '../../model/inside/properties';
import { unitCorrelations } from '../../model/inside/findUnits';
import { createDecoder } from '../../model/lm/decoder';
import { CliError, integerOption, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModelOption } from '../modelFolder';
import { readTextFiles } from '../textFiles';

export const insideCommand: CliCommand = {
  usage: `Usage: gru-scribe inside [--model DIR] [--units K] FILE...

Reads each FILE from a fresh state and compares the language model's hidden units, after each character,
with properties of the text: inString (inside a string or quotation), bracketDepth, linePosition
(characters since the line's start), inComment, afterWhitespace, chineseScript (the last letter read was
Chinese). Prints one JSON object:
  characters   characters read
  units        the K units that follow a property most closely, strongest first:
               {"unit": N, "property": P, "correlation": R} (Pearson, signed)
  byProperty   for each property, the unit that follows it most closely and its correlation

Options:
  --model DIR   model folder (default: the bundled model); it must be a GRU model
  --units K     how many units to list (default 10)
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['model', 'units'] });
    const k = integerOption(args, 'units', 10, 1, 100_000);
    const files = readTextFiles(args.positionals, (m) => process.stderr.write(`gru-scribe: ${m}\n`));
    const { model } = await loadModelOption(args);
    const decoder = createDecoder(model, { simdStep: true });
    model.dispose();
    if (decoder.gruLayers === 0) throw new CliError('looking inside a model needs a GRU language model');
    const text = new TextDecoder();
    const stats = unitCorrelations(decoder, files.map((f) => text.decode(f.bytes)));
    const round = (r: number) => Math.round(r * 1000) / 1000;
    const units = stats.ranked().slice(0, k).map(({ unit, property, correlation }) => ({ unit, property, correlation: round(correlation) }));
    const byProperty = Object.fromEntries(PROPERTIES.map((name, p) => {
      let best = 0;
      for (let j = 1; j < decoder.units; j++) if (Math.abs(stats.correlation(j, p)) > Math.abs(stats.correlation(best, p))) best = j;
      return [name, { unit: best, correlation: round(stats.correlation(best, p)) }];
    }));
    process.stdout.write(JSON.stringify({ characters: stats.samples, units, byProperty }) + '\n');
    return 0;
  },
};
