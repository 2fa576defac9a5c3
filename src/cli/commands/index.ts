import type { CliCommand } from '../command';
import { benchCommand } from './bench';
import { evalLmCommand } from './evalLm';
import { generateCommand } from './generate';
import { sentimentCommand } from './sentiment';
import { trainLmCommand } from './trainLm';

/** Every subcommand, in the order `--help` lists them. */
export const commands: CliCommand[] = [generateCommand, evalLmCommand, trainLmCommand, benchCommand, sentimentCommand];
