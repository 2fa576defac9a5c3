import type { CliCommand } from '../command';

/** A subcommand as `--help` lists it; its module (and tfjs, for the language-model commands) loads only to run. */
export interface CommandEntry {
  name: string;
  /** One line for `--help`. */
  summary: string;
  load(): Promise<CliCommand>;
}

/**
 * Every subcommand, in the order `--help` lists them. Loaded on demand: `sentiment` needs no tfjs, and
 * loading it would add a fifth of a second to every run of a command that is used in pipelines.
 */
export const commands: CommandEntry[] = [
  { name: 'generate', summary: 'Continue a prompt with the language model', load: async () => (await import('./generate')).generateCommand },
  { name: 'eval-lm', summary: 'Bits per byte and completion accuracy of a language model on files (JSON)', load: async () => (await import('./evalLm')).evalLmCommand },
  { name: 'train-lm', summary: 'Fine-tune a language model on files (progress on stderr)', load: async () => (await import('./trainLm')).trainLmCommand },
  { name: 'surprise', summary: 'How surprising each line of a file is to the language model (JSON per line)', load: async () => (await import('./surprise')).surpriseCommand },
  { name: 'bench', summary: 'Completion latency vs the naive generation loop, and training throughput', load: async () => (await import('./bench')).benchCommand },
  { name: 'inside', summary: 'Hidden units of the language model that track properties of the text (JSON)', load: async () => (await import('./inside')).insideCommand },
  { name: 'sentiment', summary: 'Classify the sentiment of each line of text', load: async () => (await import('./sentiment')).sentimentCommand },
];
