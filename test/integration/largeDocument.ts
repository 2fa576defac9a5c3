// A large Markdown document for the integration test and the host benchmark: sections of review prose
// (a heading, a paragraph, sometimes a list and a code block) whose sentences are drawn from a seeded
// generator, so that a 1 MB document holds some 20,000 different sentences, as a real one would.

const SUBJECTS = ['The film', 'This movie', 'The story', 'The acting', 'The director', 'The soundtrack', 'The ending',
  'The cast', 'The script', 'The dialogue', 'The pacing', 'The camera work'];
const VERBS = ['is', 'was', 'feels', 'seems', 'remains'];
const ADVERBS = ['truly', 'rather', 'quite', 'often', 'simply', 'strangely', 'mostly', 'always'];
const ADJECTIVES = ['wonderful', 'moving', 'superb', 'charming', 'brilliant', 'delightful', 'gripping', 'beautiful',
  'dull', 'painful', 'tedious', 'clumsy', 'boring', 'awful', 'lifeless', 'messy', 'long', 'quiet', 'familiar', 'simple'];
const TAILS = ['', ' from start to finish', ' in the second half', ' for most of its length', ' despite a slow opening',
  ' and everyone noticed it'];

/** A small deterministic generator (LCG): the same seed gives the same document. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

export interface LargeDocument {
  text: string;
  /** Prose sentences in it (headings and list items count as one each); code is not prose. */
  sentences: number;
  /** Of those, headings ("Part 12"): not sentences, left unlabelled. */
  headings: number;
}

/** At least `chars` characters of Markdown; another `seed` gives other sentences. */
export function largeMarkdown(chars: number, seed = 1): LargeDocument {
  const pick = random(seed);
  const of = (list: string[]) => list[pick(list.length)];
  let scene = seed * 100_000;
  // Numbered scenes make every sentence different, as in a real document (and unknown to any cache).
  const sentence = () => `In scene ${++scene} ${of(SUBJECTS).toLowerCase()} ${of(VERBS)} ${of(ADVERBS)} ${of(ADJECTIVES)}${of(TAILS)}.`;
  const parts: string[] = [];
  let length = 0;
  let sentences = 0;
  let headings = 0;
  for (let section = 1; length < chars; section++) {
    const paragraph = Array.from({ length: 3 + pick(3) }, sentence);
    let text = `## Part ${section}\n\n${paragraph.join(' ')}\n\n`;
    sentences += 1 + paragraph.length;
    headings++;
    if (section % 4 === 0) {
      text += `- ${sentence()}\n- ${sentence()}\n\n`;
      sentences += 2;
    }
    if (section % 3 === 0) text += '```js\nconst rating = awful ? 1 : 5; // not prose\n```\n\n';
    parts.push(text);
    length += text.length;
  }
  return { text: parts.join(''), sentences, headings };
}
