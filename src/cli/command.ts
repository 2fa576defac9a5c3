/** One `gru-scribe <name> ...` subcommand. */
export interface CliCommand {
  name: string;
  /** Full usage text for `gru-scribe <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw CliError for user errors. */
  run(argv: string[]): Promise<number>;
}
