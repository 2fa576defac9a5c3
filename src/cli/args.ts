/** A failure the user caused or can fix: printed as a message, never as a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export interface ParsedArgs {
  /** --name value / --flag pairs; flags without a value are `true`. */
  options: Map<string, string | true>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value` and bare `--flag` (for names listed in `flags`).
 * Unknown options are an error so that typos do not pass silently.
 */
export function parseArgs(argv: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const flags = new Set(spec.flags ?? []);
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--') || arg === '-') { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flags.has(name)) {
      if (eq >= 0) throw new CliError(`--${name} takes no value`);
      options.set(name, true);
    } else if (values.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { options, positionals };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A numeric option within [min, max], or the default when absent. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new CliError(`--${name} must be a number between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

export function integerOption(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const n = numberOption(args, name, fallback, min, max);
  if (!Number.isInteger(n)) throw new CliError(`--${name} must be a whole number, got "${n}"`);
  return n;
}
