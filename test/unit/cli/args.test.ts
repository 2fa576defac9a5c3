// The CLI's option parsing: node:util's parseArgs with one-line errors, and numbers written only in plain decimal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError, integerOption, numberOption, parseArgs, stringOption } from '../../../src/cli/args';
import { runCli } from './lmFixture';

const spec = { values: ['model', 'temperature', 'max-bytes'], flags: ['json'] };

/** Runs `body` and returns the CliError it throws (exit code 2, one line). */
function cliError(body: () => unknown): CliError {
  try {
    body();
  } catch (e) {
    assert.ok(e instanceof CliError, `not a CliError: ${(e as Error).stack}`);
    assert.equal(e.exitCode, 2);
    assert.doesNotMatch(e.message, /\n/);
    return e;
  }
  assert.fail('no error was thrown');
}

test('values, flags and positionals are read as before', () => {
  const a = parseArgs(['--model', 'm', '--json', 'one', '--temperature=0.5', '-', '--', '--not-an-option'], spec);
  assert.equal(stringOption(a, 'model'), 'm');
  assert.equal(a.options.get('json'), true);
  assert.equal(numberOption(a, 'temperature', 1), 0.5);
  assert.deepEqual(a.positionals, ['one', '-', '--not-an-option']);
  assert.equal(integerOption(a, 'max-bytes', 48), 48, 'absent: the default');
  assert.equal(stringOption(parseArgs(['--model', 'a', '--model', 'b'], spec), 'model'), 'b', 'the last one counts');
});

test('unknown options, missing values and values given to flags are rejected on one line', () => {
  assert.match(cliError(() => parseArgs(['--bogus'], spec)).message, /^unknown option --bogus \(see --help\)$/);
  assert.match(cliError(() => parseArgs(['-x'], spec)).message, /^unknown option -x /);
  assert.match(cliError(() => parseArgs(['--model'], spec)).message, /--model/);
  assert.match(cliError(() => parseArgs(['--json=yes'], spec)).message, /--json/);
  // A value that looks like an option is refused rather than swallowed.
  assert.match(cliError(() => parseArgs(['--temperature', '-1'], spec)).message, /--temperature/);
});

test('numbers must be plain decimal, finite and not empty', () => {
  const number = (raw: string) => numberOption(parseArgs([`--temperature=${raw}`], spec), 'temperature', 1, 0, 1e6);
  const integer = (raw: string) => integerOption(parseArgs([`--max-bytes=${raw}`], spec), 'max-bytes', 48, 1, 1e6);
  for (const raw of ['', ' ', ' 1', '1 ', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_000', '1,5', '1.2.3', 'e3', '.', '+']) {
    assert.match(cliError(() => number(raw)).message, /^--temperature must be a number between 0 and 1000000, got ".*"$/, JSON.stringify(raw));
  }
  for (const raw of ['', '0x10', '1e3', '16.0', '1.5', 'Infinity', '1_000']) {
    assert.match(cliError(() => integer(raw)).message, /^--max-bytes must be a number between 1 and 1000000 with no fraction or exponent, got ".*"$/, JSON.stringify(raw));
  }
  assert.deepEqual(['0', '0.5', '.5', '5.', '+2', '1e3', '2.5E-1'].map(number), [0, 0.5, 0.5, 5, 2, 1000, 0.25]);
  assert.deepEqual(['1', '16', '+7', '000123'].map(integer), [1, 16, 7, 123]);
  assert.match(cliError(() => integer('0')).message, /between 1 and 1000000 with no fraction or exponent, got "0"/);
});

test('the CLI answers an unknown option with one line and exit code 2', () => {
  const r = runCli('generate', '--bogus', 'x');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'gru-scribe: unknown option --bogus (see --help)\n');
});
