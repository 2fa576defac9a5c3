import type { CliCommand } from '../command';
import { benchCommand } from './bench';
import { evalLmCommand } from './evalLm';
import { generateCommand } from './generate';
import { sentimentCommand } from './sentiment';

/** Every subcommand, in the order `--help` lists them. */
export const commands: CliCommand[] = [generateCommand, evalLmCommand, benchCommand, sentimentCommand];
