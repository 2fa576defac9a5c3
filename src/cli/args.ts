import { parseArgs as parseOptions } from 'node:util';

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
 * Parses `--name value`, `--name=value` and bare `--flag` (for names listed in `flags`) with node:util's
 * parseArgs. Unknown options are an error so that typos do not pass silently.
 */
export function parseArgs(argv: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
  const options = Object.fromEntries([
    ...(spec.values ?? []).map((name) => [name, { type: 'string' as const }]),
    ...(spec.flags ?? []).map((name) => [name, { type: 'boolean' as const }]),
  ]);
  try {
    const { values, positionals } = parseOptions({ args: argv, options, strict: true, allowPositionals: true });
    return { options: new Map(Object.entries(values as Record<string, string | boolean>).map(([k, v]) => [k, v === true ? true : String(v)])), positionals };
  } catch (e) {
    throw new CliError(usageError(e as Error & { code?: string }));
  }
}

/** node:util's messages, on one line; an unknown option is named the way this CLI names options. */
function usageError(e: Error & { code?: string }): string {
  const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(e.message) : null;
  if (unknown) return `unknown option ${unknown[1]} (see --help)`;
  const line = e.message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
  return `${line.charAt(0).toLowerCase()}${line.slice(1)} (see --help)`;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Plain decimal only: no hex, binary or octal prefixes, separators, spaces, Infinity or NaN (all of which Number() reads). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WHOLE = /^[+-]?\d+$/;

/** A numeric option within [min, max], or the default when absent. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  return rangedOption(args, name, fallback, min, max, DECIMAL, '');
}

export function integerOption(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  return rangedOption(args, name, fallback, min, max, WHOLE, ' with no fraction or exponent');
}

function rangedOption(args: ParsedArgs, name: string, fallback: number, min: number, max: number, form: RegExp, rule: string): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!form.test(raw) || !Number.isFinite(n) || n < min || n > max) {
    throw new CliError(`--${name} must be a number between ${min} and ${max}${rule}, got "${raw}"`);
  }
  return n;
}
