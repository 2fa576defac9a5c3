import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { commandLine, parseRecipeArgs, planRecipe, withEarlierStages, type RecipeOptions } from '../../../scripts/sentiment-recipe/plan';
import type { SentimentMetadata } from '../../../src/model/sentiment/artifacts';

const work = resolve('recipe-work');
const options = (more: Partial<RecipeOptions> = {}): RecipeOptions =>
  ({ languages: ['en'], work, limit: 0, minutes: 0, deadlines: true, dryRun: false, help: false, ...more });
const noMarks = () => undefined;
const en = (name: string) => join(work, 'en', name);
const script = (name: string) => join('out', 'scripts', `${name}.js`);

test('the English recipe runs its five stages in order, with the documented arguments', () => {
  const plan = planRecipe('en', options(), noMarks);
  assert.deepEqual(plan.steps.map((s) => s.stage), ['stage1-member1', 'stage1-member2', 'stage1-copy', 'stage1-assemble', 'stage2',
    'everyday-polarity', 'stage3-member1', 'stage3-member2', 'stage3-assemble', 'stage4-member1', 'stage4-member2', 'stage4-assemble',
    'stage5-member1', 'stage5-member2', 'stage5-assemble']);
  assert.ok(plan.steps.every((s) => !s.done));
  const argv = Object.fromEntries(plan.steps.map((s) => [s.stage, s.argv]));
  assert.deepEqual(argv['stage1-member2'], ['--max-old-space-size=8000', script('train-sentiment'), '--members', '2', '--member', '2', '--lr-decay', '0.6', '--out', en('stage1')]);
  // The second stage refines the float16 first-stage members, not the 8-bit assembled copy.
  assert.deepEqual(argv.stage2, ['--max-old-space-size=8000', script('train-sentiment'), '--members', '2', '--refine', en('stage1'),
    '--lr', '0.0006', '--epochs', '3', '--uint8-embedding', '--out', en('stage2')]);
  assert.deepEqual(argv['everyday-polarity'], [script('everyday-polarity'), '--out', en('everyday-polarity.tsv')]);
  assert.deepEqual(argv['stage3-member1'], ['--max-old-space-size=6000', script('train-sentiment'), '--members', '2', '--member', '1',
    '--refine', en('stage2'), '--lr', '0.0003', '--epochs', '1', '--extra-polarity', en('everyday-polarity.tsv'),
    '--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv', '--out', en('stage3')]);
  assert.deepEqual(argv['stage3-assemble']!.slice(2), ['--members', '2', '--assemble', '--uint8-embedding',
    '--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv', '--out', en('stage3')]);
  // The fourth stage refines the third stage's model as stored, with the hand-labelled sentences 32 times each and 16 checks per epoch.
  assert.deepEqual(argv['stage4-member2'], ['--max-old-space-size=6000', script('train-sentiment'), '--members', '2', '--member', '2',
    '--refine', en('stage3'), '--lr', '0.0003', '--epochs', '1', '--extra-polarity', en('everyday-polarity.tsv'),
    '--labelled', 'test/fixtures/everyday-sentiment-train.tsv', '--labelled-repeat', '32', '--evaluations', '16',
    '--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv', '--out', en('stage4')]);
  assert.deepEqual(argv['stage4-assemble']!.slice(2), ['--members', '2', '--assemble', '--uint8-embedding',
    '--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv', '--labelled', 'test/fixtures/everyday-sentiment-train.tsv',
    '--labelled-head-repeat', '5', '--out', en('stage4')]);
  // The fifth stage refines the fourth stage's model with the fourth stage's ensemble as the teacher of each member,
  // and the hand-labelled sentences written later added.
  assert.deepEqual(argv['stage5-member1'], ['--max-old-space-size=6000', script('train-sentiment'), '--members', '2', '--member', '1',
    '--refine', en('stage4'), '--lr', '0.0003', '--epochs', '1', '--extra-polarity', en('everyday-polarity.tsv'),
    '--labelled', 'test/fixtures/everyday-sentiment-train.tsv,test/fixtures/everyday-sentiment-train-2.tsv', '--labelled-repeat', '32', '--evaluations', '16',
    '--teacher', en('stage4'), '--teacher-weight', '0.5',
    '--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv', '--out', en('stage5')]);
  assert.deepEqual(argv['stage5-assemble']!.slice(2), ['--members', '2', '--assemble', '--uint8-embedding',
    '--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv', '--labelled', 'test/fixtures/everyday-sentiment-train.tsv,test/fixtures/everyday-sentiment-train-2.tsv',
    '--labelled-head-repeat', '5', '--out', en('stage5')]);
  assert.deepEqual(plan.steps.find((s) => s.stage === 'stage1-copy')!.copy,
    { from: en('stage1'), to: en('stage1-assembled'), names: ['member-1', 'member-1.json', 'member-2', 'member-2.json', 'vocabulary.json'] });
  // Only the third, fourth and fifth stages' members ran under a deadline.
  assert.deepEqual(plan.steps.filter((s) => s.minutes !== undefined).map((s) => [s.stage, s.minutes]),
    [['stage3-member1', 15], ['stage3-member2', 15], ['stage4-member1', 15], ['stage4-member2', 15], ['stage5-member1', 15], ['stage5-member2', 15]]);
  assert.equal(plan.result, en('stage5'));
  assert.deepEqual(plan.earlier, { firstStage: en('stage1-assembled'), secondStage: en('stage2'), thirdStage: en('stage3'), fourthStage: en('stage4') });
});

test('the Chinese recipe: two stages with their deadlines, the second refining the first', () => {
  const plan = planRecipe('zh', options({ languages: ['zh'] }), noMarks);
  const zh = (name: string) => join(work, 'zh', name);
  assert.deepEqual(plan.steps.map((s) => [s.stage, s.minutes]), [['zh-stage1', 40], ['zh-stage2', 35]]);
  assert.deepEqual(plan.steps[1].argv, ['--max-old-space-size=5000', script('train-sentiment'), '--language', 'zh', '--tokenizer', 'zh-words',
    '--batch', '128', '--refine', zh('zh-a'), '--lr', '0.001', '--epochs', '1', '--uint8-embedding', '--out', zh('zh-b')]);
  assert.equal(plan.result, zh('zh-b'));
  assert.equal(plan.out, zh('model'));
});

test('a rerun skips the stages a previous run finished and runs the rest', () => {
  const first = planRecipe('en', options(), noMarks);
  const marks = new Map(first.steps.slice(0, 4).map((s) => [s.mark, commandLine(s)]));
  const plan = planRecipe('en', options(), (path) => marks.get(path));
  assert.deepEqual(plan.steps.filter((s) => s.done).map((s) => s.stage), ['stage1-member1', 'stage1-member2', 'stage1-copy', 'stage1-assemble']);
  assert.deepEqual(plan.steps.filter((s) => !s.done).map((s) => s.stage), ['stage2', 'everyday-polarity', 'stage3-member1', 'stage3-member2', 'stage3-assemble',
    'stage4-member1', 'stage4-member2', 'stage4-assemble', 'stage5-member1', 'stage5-member2', 'stage5-assemble']);
  // A half-trained member leaves its files but no mark: it runs again.
  assert.ok(plan.steps.every((s) => s.mark.startsWith(en('done') + sep)));
});

test('a work folder of other settings is refused, not mixed into', () => {
  const small = planRecipe('en', options({ limit: 500 }), noMarks);
  const marks = new Map([[small.steps[0].mark, commandLine(small.steps[0])]]);
  assert.throws(() => planRecipe('en', options(), (path) => marks.get(path)), /stage1-member1 .* was run as[\s\S]*--limit 500[\s\S]*use another --work folder/);
});

test('--limit and --minutes reach every training stage and nothing else; --no-deadlines drops the recorded ones', () => {
  const plan = planRecipe('en', options({ limit: 2000, minutes: 5 }), noMarks);
  for (const s of plan.steps) {
    const trains = s.argv?.includes(script('train-sentiment')) ?? false;
    assert.equal(s.argv?.join(' ').endsWith('--limit 2000') ?? false, trains, s.stage);
    assert.equal(s.minutes, trains ? 5 : undefined, s.stage);
  }
  assert.deepEqual(planRecipe('en', options({ minutes: 20 }), noMarks).steps.map((s) => s.minutes).filter((m) => m !== undefined), [20, 20, 20, 20, 15, 15, 20, 15, 15, 20, 15, 15, 20]);
  assert.ok(planRecipe('zh', options({ languages: ['zh'], deadlines: false }), noMarks).steps.every((s) => s.minutes === undefined));
});

test('options: the work folder is in the project cache, the model never goes to models/ unless asked', () => {
  const cache = resolve('some-cache');
  const parsed = parseRecipeArgs([], { GRU_SCRIBE_CACHE: cache });
  assert.deepEqual(parsed.languages, ['en']);
  assert.equal(parsed.work, join(cache, 'sentiment-recipe'));
  assert.equal(parsed.out, undefined);
  assert.equal(planRecipe('en', parsed, noMarks).out, join(cache, 'sentiment-recipe', 'en', 'model'));
  assert.equal(planRecipe('en', parseRecipeArgs(['--out', join('models', 'sentiment')], {}), noMarks).out, resolve('models', 'sentiment'));
  const all = parseRecipeArgs(['--language', 'all', '--out', 'models', '--work', 'w', '--limit', '100', '--minutes', '1.5', '--no-deadlines', '--dry-run'], {});
  assert.deepEqual([all.languages, all.work, all.limit, all.minutes, all.deadlines, all.dryRun], [['en', 'zh'], resolve('w'), 100, 1.5, false, true]);
  assert.deepEqual(all.languages.map((l) => planRecipe(l, all, noMarks).out), [resolve('models', 'sentiment'), resolve('models', 'sentiment-zh')]);
  assert.throws(() => parseRecipeArgs(['--language', 'fr'], {}), /--language must be en, zh or all, not "fr"/);
  assert.throws(() => parseRecipeArgs(['--limit=-3'], {}), /--limit must be a number >= 0/);
  assert.throws(() => parseRecipeArgs(['--limit', '2.5'], {}), /whole number/);
  assert.throws(() => parseRecipeArgs(['--minutes', ''], {}), /--minutes must be a number/);
  assert.throws(() => parseRecipeArgs(['--members', '2'], {}), /Unknown option '--members'/);
});

test('every option a stage passes is one its script reads', () => {
  for (const language of ['en', 'zh'] as const) {
    for (const step of planRecipe(language, options({ languages: [language], limit: 10, minutes: 1 }), noMarks).steps) {
      if (!step.argv) continue;
      const source = readFileSync(join('scripts', `${step.argv.find((a) => a.endsWith('.js'))!.split(sep).pop()!.replace(/\.js$/, '.ts')}`), 'utf8');
      const deadline = step.minutes === undefined ? [] : ['--deadline'];
      for (const flag of [...step.argv.filter((a) => a.startsWith('--') && !a.startsWith('--max-old')), ...deadline]) {
        const name = flag.slice(2);
        assert.ok([`opt('${name}'`, `num('${name}'`, `'${flag}'`, `${name}: {`, `'${name}': {`].some((s) => source.includes(s)), `${step.stage}: ${flag}`);
      }
    }
  }
});

test('the published metadata keeps the earlier stages\' commands and figures', () => {
  const meta = (command: string, tuningAccuracy: number): SentimentMetadata => ({
    kind: 'gru-scribe-sentiment', members: ['member-1', 'member-2'], embedding: 64, units: 64, neutralBand: [0.4, 0.6],
    training: { command, members: [{ epoch: 1, tuningAccuracy }], tuningAccuracy, devAccuracy: 0.8, figures: { dev: {} }, config: { big: true } },
  });
  const result = withEarlierStages(meta('assemble', 0.86), { firstStage: meta('first', 0.84), secondStage: meta('second', 0.85) });
  assert.equal(result.training.command, 'assemble');
  assert.deepEqual(result.training.firstStage, { command: 'first', members: [{ epoch: 1, tuningAccuracy: 0.84 }], tuningAccuracy: 0.84, devAccuracy: 0.8, neutralBand: [0.4, 0.6], figures: { dev: {} } });
  assert.equal((result.training.secondStage as { command: string }).command, 'second');
  assert.deepEqual(result.neutralBand, [0.4, 0.6]);
});
