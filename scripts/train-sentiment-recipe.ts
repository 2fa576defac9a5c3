// `npm run train:sentiment`: trains the bundled sentiment models from scratch by running the stages of
// scripts/sentiment-recipe/stages.ts in order, each as a child process, and writes the model to --out.
// Usage: see USAGE in scripts/sentiment-recipe/plan.ts (`npm run train:sentiment -- --help`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../src/fs/atomicWrite';
import { checkMetadata, METADATA_JSON, VOCABULARY_JSON, type SentimentMetadata } from '../src/model/sentiment/artifacts';
import { commandLine, parseRecipeArgs, planRecipe, USAGE, withEarlierStages, type Plan, type Step } from './sentiment-recipe/plan';

/** The repository root (this file runs as out/scripts/train-sentiment-recipe.js): the stages' commands run from it. */
const root = resolve(__dirname, '..', '..');

const readMark = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined);
const readMetadata = (dir: string): SentimentMetadata => checkMetadata(JSON.parse(readFileSync(join(dir, METADATA_JSON), 'utf8')));

async function runStep(step: Step) {
  if (step.copy) {
    console.log(`\n[${step.stage}] ${commandLine(step)}`);
    mkdirSync(step.copy.to, { recursive: true });
    for (const name of step.copy.names) cpSync(join(step.copy.from, name), join(step.copy.to, name), { recursive: true });
  } else {
    const deadline = step.minutes === undefined ? [] : ['--deadline', new Date(Date.now() + step.minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z')];
    console.log(`\n[${step.stage}] ${commandLine({ argv: [...step.argv!, ...deadline] })}`);
    const run = spawnSync(process.execPath, [...step.argv!, ...deadline], { cwd: root, stdio: 'inherit' });
    if (run.error) throw run.error;
    if (run.status !== 0) {
      throw new Error(`${step.stage} failed (${run.signal ? `signal ${run.signal}` : `exit code ${run.status}`}); ` +
        'the same command again goes on from this stage');
    }
  }
  await writeFileAtomic(step.mark, commandLine(step) + '\n');
}

/** Copies the result's members and vocabulary to plan.out, with the earlier stages' figures in its metadata. */
async function publish(plan: Plan) {
  const earlier = Object.fromEntries(Object.entries(plan.earlier).map(([key, dir]) => [key, readMetadata(dir)]));
  const metadata = withEarlierStages(readMetadata(plan.result), earlier);
  for (const member of metadata.members) {
    const from = join(plan.result, member);
    await writeFolderAtomic(join(plan.out, member), readdirSync(from).map((name) => ({ name, data: new Uint8Array(readFileSync(join(from, name))) })));
  }
  await writeFileAtomic(join(plan.out, VOCABULARY_JSON), readFileSync(join(plan.result, VOCABULARY_JSON), 'utf8'));
  await writeFileAtomic(join(plan.out, METADATA_JSON), JSON.stringify(metadata, null, 2) + '\n');
  console.log(`\n${plan.language}: model written to ${plan.out}`);
}

async function main() {
  let options;
  try {
    options = parseRecipeArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) { console.log(USAGE); return; }
  // Plans first, so that a work folder of other settings stops the run before anything starts.
  const plans = options.languages.map((language) => planRecipe(language, options, readMark));
  for (const plan of plans) {
    console.log(`${plan.language}: work folder ${plan.work}, model to ${plan.out}`);
    for (const step of plan.steps) {
      const shown = step.minutes === undefined ? undefined : `<start + ${step.minutes} min>`;
      if (step.done) console.log(`[${step.stage}] done already: ${commandLine(step, shown)}`);
      else if (options.dryRun) console.log(`[${step.stage}] ${commandLine(step, shown)}`);
      else {
        mkdirSync(dirname(step.mark), { recursive: true });
        await runStep(step);
      }
    }
    if (!options.dryRun) await publish(plan);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
