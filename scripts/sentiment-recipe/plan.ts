// Plans a run of the sentiment recipes (./stages): which stages run, with which command, and which a
// previous run finished already. No training and no writing here: the runner
// (scripts/train-sentiment-recipe.ts) executes the plan.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheRoot } from '../corpus/manifest';
import type { SentimentMetadata } from '../../src/model/sentiment/artifacts';
import { RECIPES, type Language, type Stage } from './stages';

export const USAGE = `npm run train:sentiment -- [--language en|zh|all] [--work DIR] [--out DIR] [--dry-run]
    [--no-deadlines] [--minutes M] [--limit N]
  Runs the stages of the bundled sentiment model (English by default) in order, each as its own process,
  in the work folder (default <cache>/sentiment-recipe/<language>); a stage a previous run finished is
  skipped, so running the same command again goes on where it stopped. The model is written to --out
  (default <work>/<language>/model; with --language all, DIR/sentiment and DIR/sentiment-zh).
  --dry-run        print the stages and their commands, run nothing
  --no-deadlines   leave out the stages' time limits (the shipped models' runs stopped at them)
  --minutes M      stop every training stage at most M minutes after it starts
  --limit N        train on N rows of the data only (checks the chain; not the model's recipe)`;

export interface RecipeOptions {
  languages: Language[];
  /** Each language works in <work>/<language>. */
  work: string;
  /** Given explicitly: the model folder (with --language all, the folder of both model folders). */
  out?: string;
  limit: number;
  minutes: number;
  deadlines: boolean;
  dryRun: boolean;
  help: boolean;
}

/** Reads the recipe's command line; throws an Error with a message for the user on bad input. */
export function parseRecipeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RecipeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      language: { type: 'string', default: 'en' },
      work: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string', default: '0' },
      minutes: { type: 'string', default: '0' },
      'no-deadlines': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const language = values.language!;
  if (language !== 'en' && language !== 'zh' && language !== 'all') throw new Error(`--language must be en, zh or all, not "${language}"`);
  const count = (name: 'limit' | 'minutes') => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < 0 || values[name]!.trim() === '') throw new Error(`--${name} must be a number >= 0, not "${values[name]}"`);
    return n;
  };
  const limit = count('limit');
  if (!Number.isInteger(limit)) throw new Error(`--limit must be a whole number of rows, not "${values.limit}"`);
  return {
    languages: language === 'all' ? ['en', 'zh'] : [language],
    work: resolve(values.work ?? join(cacheRoot(env), 'sentiment-recipe')),
    ...(values.out === undefined ? {} : { out: resolve(values.out) }),
    limit,
    minutes: count('minutes'),
    deadlines: !values['no-deadlines'],
    dryRun: values['dry-run']!,
    help: values.help!,
  };
}

export interface Step {
  stage: string;
  /** node's arguments, run from the repository root; a deadline is added when the stage starts. */
  argv?: string[];
  /** Minutes from the stage's start to its deadline. */
  minutes?: number;
  /** Absolute folders for a copy stage. */
  copy?: { from: string; to: string; names: string[] };
  /** The file marking the stage finished: it holds the stage's command. */
  mark: string;
  done: boolean;
}

export interface Plan {
  language: Language;
  work: string;
  out: string;
  /** The work folder holding the model at the end. */
  result: string;
  /** metadata `training` key -> the work folder of an earlier stage whose figures it keeps. */
  earlier: Record<string, string>;
  steps: Step[];
}

/** A stage's command as printed and recorded (the deadline, if any, shown as `deadline`). */
export function commandLine(step: Pick<Step, 'argv' | 'copy'>, deadline?: string): string {
  if (step.copy) return `copy ${step.copy.names.join(' ')} from ${step.copy.from} to ${step.copy.to}`;
  const quote = (a: string) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : JSON.stringify(a));
  return ['node', ...step.argv!, ...(deadline ? ['--deadline', deadline] : [])].map(quote).join(' ');
}

/**
 * The steps of `language`'s recipe. `readMark` returns a mark file's content (undefined when there is
 * none): a stage whose mark holds its command is done. A mark with another command means the work
 * folder holds a run of other settings, and that is an error rather than a silent mix of the two.
 */
export function planRecipe(language: Language, options: RecipeOptions, readMark: (path: string) => string | undefined): Plan {
  const recipe = RECIPES[language];
  const work = join(options.work, language);
  const w = (name: string) => join(work, name);
  const steps = recipe.stages.map((stage): Step => {
    const step = stepOf(stage, w, options);
    const recorded = readMark(step.mark);
    if (recorded !== undefined && recorded !== commandLine(step)) {
      throw new Error(`${stage.name} in ${work} was run as\n  ${recorded}\nand the recipe now runs\n  ${commandLine(step)}\n` +
        'use another --work folder for these settings');
    }
    return { ...step, done: recorded !== undefined };
  });
  const out = options.out === undefined ? w('model') : options.languages.length > 1 ? join(options.out, recipe.modelFolder) : options.out;
  return { language, work, out, result: w(recipe.result), earlier: Object.fromEntries(Object.entries(recipe.earlier).map(([k, v]) => [k, w(v)])), steps };
}

function stepOf(stage: Stage, w: (name: string) => string, options: RecipeOptions): Omit<Step, 'done'> {
  const mark = join(w('done'), `${stage.name}.txt`);
  if (stage.copy) return { stage: stage.name, copy: { from: w(stage.copy.from), to: w(stage.copy.to), names: stage.copy.names }, mark };
  const training = stage.script === 'train-sentiment';
  const limits = [options.deadlines ? stage.minutes : undefined, training && options.minutes > 0 ? options.minutes : undefined]
    .filter((m): m is number => m !== undefined);
  return {
    stage: stage.name,
    argv: [
      ...(stage.heap ? [`--max-old-space-size=${stage.heap}`] : []),
      join('out', 'scripts', `${stage.script}.js`),
      ...stage.args!(w),
      ...(training && options.limit > 0 ? ['--limit', String(options.limit)] : []),
    ],
    ...(limits.length ? { minutes: Math.min(...limits) } : {}),
    mark,
  };
}

/** The result's metadata with each earlier stage's command and figures under `training.<key>`. */
export function withEarlierStages(result: SentimentMetadata, earlier: Record<string, SentimentMetadata>): SentimentMetadata {
  const summaries = Object.fromEntries(Object.entries(earlier).map(([key, m]) => {
    const { command, members, tuningAccuracy, devAccuracy, figures } = m.training;
    return [key, { command, members, tuningAccuracy, ...(devAccuracy === undefined ? {} : { devAccuracy }), neutralBand: m.neutralBand, figures }];
  }));
  return { ...result, training: { ...result.training, ...summaries } };
}
