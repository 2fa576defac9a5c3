// `gru-scribe` / `node dist/cli.js`: the command-line face of the models.
import { CliError } from './args';
import { commands } from './commands/index';
import { refuseNetwork } from '../refuseNetwork';

refuseNetwork();

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'Usage: gru-scribe <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `gru-scribe <command> --help` for the options of one command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) throw new CliError(`unknown command "${name}"\n\n${help()}`);
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`gru-scribe: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      const e = err as Error;
      process.stderr.write(`gru-scribe: unexpected error: ${e?.message ?? String(err)}\n`);
      if (process.env.GRU_SCRIBE_DEBUG) process.stderr.write(`${e?.stack}\n`);
      process.exitCode = 1;
    }
  },
);
