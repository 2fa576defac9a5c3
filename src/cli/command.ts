/** One `gru-scribe <name> ...` subcommand; its name and summary are in ./commands/index. */
export interface CliCommand {
  /** Full usage text for `gru-scribe <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw CliError for user errors. */
  run(argv: string[]): Promise<number>;
}
