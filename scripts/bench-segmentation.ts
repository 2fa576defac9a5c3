// Time to find the sentences of a 1 MB Markdown document (what the sentiment worker does before it
// classifies anything), against the bare Intl.Segmenter over the same text's paragraphs in the same process;
// and of the same text as a single paragraph (plain text, every line break a space).
//   npm run build && node out/scripts/bench-segmentation.js [--passes 7]
import { parseArgs } from 'node:util';
import { documentSentences } from '../src/text/extract';
import { largeMarkdown } from '../test/integration/largeDocument';

const PASSES = Number(parseArgs({ options: { passes: { type: 'string', default: '7' } } }).values.passes);
const { text } = largeMarkdown(1_000_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(body: () => number): { ms: number; count: number } {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < PASSES; i++) {
    const t0 = performance.now();
    count = body();
    runs.push(performance.now() - t0);
  }
  return { ms: median(runs), count };
}

const ours = time(() => documentSentences(text, 'markdown').length);
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
// Paragraph by paragraph: over the whole 1 MB string at once the segmenter itself takes over a minute.
const bare = time(() => {
  let n = 0;
  for (const paragraph of text.split('\n\n')) for (const _ of segmenter.segment(paragraph)) n++;
  return n;
});
const oneParagraph = text.replace(/\n+/g, ' ');
const single = time(() => documentSentences(oneParagraph, 'plaintext').length);
console.log(`${(text.length / 1e6).toFixed(2)} M characters, median of ${PASSES} passes`);
console.log(`| documentSentences (Markdown) | ${ours.count} sentences | ${ours.ms.toFixed(0)} ms | ${(ours.ms / bare.ms).toFixed(2)}x |`);
console.log(`| baseline: Intl.Segmenter alone, paragraph by paragraph (no Markdown, no offsets) | ${bare.count} segments | ${bare.ms.toFixed(0)} ms | 1x |`);
console.log(`| documentSentences (plain text), the same text as one paragraph | ${single.count} sentences | ${single.ms.toFixed(0)} ms | ${(single.ms / bare.ms).toFixed(2)}x |`);
