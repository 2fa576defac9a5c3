// The recipes of the bundled sentiment models: every stage of `npm run train:sentiment`, in order, with
// its arguments. This is the one definition; models/sentiment/MODEL_CARD.md refers to it, and
// `npm run train:sentiment -- --dry-run` prints the commands it makes.

export type Language = 'en' | 'zh';

/** A name in the work folder (a sub-folder or a file) -> its path. */
export type WorkPath = (name: string) => string;

export interface Stage {
  /** Names the stage in the log and its completion mark. */
  name: string;
  /** Runs `node [--max-old-space-size=heap] out/scripts/<script>.js args`; `copy` copies files instead. */
  script?: 'train-sentiment' | 'everyday-polarity';
  heap?: number;
  args?: (w: WorkPath) => string[];
  /** The stage stopped this many minutes after it started (`--deadline`), as the shipped model's did. */
  minutes?: number;
  /** Files and folders copied from one work folder to another. */
  copy?: { from: string; to: string; names: string[] };
}

export interface Recipe {
  /** The folder name the model ships in under models/. */
  modelFolder: string;
  stages: Stage[];
  /** The work folder whose model is the result. */
  result: string;
  /** Earlier stages' figures kept in the result's metadata (`training.<key>`), from their work folders. */
  earlier: Record<string, string>;
}

const EVERYDAY_TUNING = ['--everyday-tuning', 'test/fixtures/everyday-sentiment-tune.tsv'];

const LABELLED = ['--labelled', 'test/fixtures/everyday-sentiment-train.tsv'];

/** The fifth stage's hand-labelled sentences: the fourth stage's and more written later, in a file of their own. */
const LABELLED_MORE = ['--labelled', 'test/fixtures/everyday-sentiment-train.tsv,test/fixtures/everyday-sentiment-train-2.tsv'];

const labelledOf = (stage: number) => (stage === 5 ? LABELLED_MORE : LABELLED);

/**
 * Third, fourth or fifth stage of one English member: one epoch, under a deadline, from the previous stage's model
 * on SST-2 plus the everyday-style rows; the fourth adds the hand-labelled everyday praise and complaints; the
 * fifth distils the fourth stage's ensemble into each member (their mean P(positive) is half of every SST-2 and
 * everyday-style row's target; the hand-labelled rows, with the ones written later, keep their labels).
 */
const englishEverydayStage = (stage: 3 | 4 | 5, member: number): Stage => ({
  name: `stage${stage}-member${member}`,
  script: 'train-sentiment',
  heap: 6000,
  minutes: 15,
  args: (w) => ['--members', '2', '--member', String(member), '--refine', w(`stage${stage - 1}`), '--lr', '0.0003', '--epochs', '1',
    '--extra-polarity', w('everyday-polarity.tsv'), ...(stage >= 4 ? [...labelledOf(stage), '--labelled-repeat', '32', '--evaluations', '16'] : []),
    ...(stage === 5 ? ['--teacher', w('stage4'), '--teacher-weight', '0.5'] : []), ...EVERYDAY_TUNING, '--out', w(`stage${stage}`)],
});

/** The assembly of the fourth or fifth stage's members, whose subjectivity head also learns from the hand-labelled sentences. */
const englishAssembly = (stage: 4 | 5): Stage => ({
  name: `stage${stage}-assemble`, script: 'train-sentiment', heap: 8000,
  args: (w) => ['--members', '2', '--assemble', '--uint8-embedding', ...EVERYDAY_TUNING, ...labelledOf(stage), '--labelled-head-repeat', '5', '--out', w(`stage${stage}`)],
});

export const RECIPES: Record<Language, Recipe> = {
  en: {
    modelFolder: 'sentiment',
    stages: [
      // First stage: GloVe vectors frozen behind a trained projection; two members with their own
      // seeds, the second with the learning rate decayed by 0.6 per epoch. Early stopping (patience 2)
      // ends them.
      { name: 'stage1-member1', script: 'train-sentiment', heap: 8000, args: (w) => ['--members', '2', '--member', '1', '--out', w('stage1')] },
      { name: 'stage1-member2', script: 'train-sentiment', heap: 8000, args: (w) => ['--members', '2', '--member', '2', '--lr-decay', '0.6', '--out', w('stage1')] },
      // Assembling stores the members in 8 bits; the second stage starts from their float16 form, so
      // the first stage's figures come from a copy.
      { name: 'stage1-copy', copy: { from: 'stage1', to: 'stage1-assembled', names: ['member-1', 'member-1.json', 'member-2', 'member-2.json', 'vocabulary.json'] } },
      { name: 'stage1-assemble', script: 'train-sentiment', heap: 8000, args: (w) => ['--members', '2', '--assemble', '--uint8-embedding', '--out', w('stage1-assembled')] },
      // Second stage: every weight trainable, the embedding included.
      { name: 'stage2', script: 'train-sentiment', heap: 8000, args: (w) => ['--members', '2', '--refine', w('stage1'), '--lr', '0.0006', '--epochs', '3', '--uint8-embedding', '--out', w('stage2')] },
      // Third stage: everyday-style polarity rows from the language model's corpus (`npm run corpus`).
      { name: 'everyday-polarity', script: 'everyday-polarity', args: (w) => ['--out', w('everyday-polarity.tsv')] },
      englishEverydayStage(3, 1),
      englishEverydayStage(3, 2),
      { name: 'stage3-assemble', script: 'train-sentiment', heap: 8000, args: (w) => ['--members', '2', '--assemble', '--uint8-embedding', ...EVERYDAY_TUNING, '--out', w('stage3')] },
      // Fourth stage: hand-labelled everyday praise and complaints (test/fixtures/everyday-sentiment-train.tsv).
      englishEverydayStage(4, 1),
      englishEverydayStage(4, 2),
      // Its subjectivity head also learns from the same file: statements of fact as objective, the rest subjective.
      englishAssembly(4),
      // Fifth stage: the fourth stage's two members as the teacher of each (knowledge distillation), with 120
      // more hand-labelled sentences (test/fixtures/everyday-sentiment-train-2.tsv) for the members and the head.
      englishEverydayStage(5, 1),
      englishEverydayStage(5, 2),
      englishAssembly(5),
    ],
    result: 'stage5',
    earlier: { firstStage: 'stage1-assembled', secondStage: 'stage2', thirdStage: 'stage3', fourthStage: 'stage4' },
  },
  zh: {
    modelFolder: 'sentiment-zh',
    stages: [
      { name: 'zh-stage1', script: 'train-sentiment', heap: 6000, minutes: 40,
        args: (w) => ['--language', 'zh', '--tokenizer', 'zh-words', '--batch', '128', '--epochs', '3', '--uint8-embedding', '--out', w('zh-a')] },
      // From the first stage's member as stored (8-bit embedding).
      { name: 'zh-stage2', script: 'train-sentiment', heap: 5000, minutes: 35,
        args: (w) => ['--language', 'zh', '--tokenizer', 'zh-words', '--batch', '128', '--refine', w('zh-a'), '--lr', '0.001', '--epochs', '1', '--uint8-embedding', '--out', w('zh-b')] },
    ],
    result: 'zh-b',
    earlier: { firstStage: 'zh-a' },
  },
};
