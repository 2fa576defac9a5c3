import type { CliCommand } from '../command';
import { benchCommand } from './bench';
import { evalLmCommand } from './evalLm';
import { generateCommand } from './generate';

/** Every subcommand, in the order `--help` lists them. */
export const commands: CliCommand[] = [generateCommand, evalLmCommand, benchCommand];
