import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentSentences } from '../../../src/text/comments';
import { documentSentences } from '../../../src/text/extract';
import { routeSentence } from '../../../src/text/judgeable';
import { isMarkdownHeading, markdownSentences } from '../../../src/text/markdown';
import { plainSentences, SEGMENT_WINDOW, sentenceSegments } from '../../../src/text/sentences';
import type { TextSpan } from '../../../src/text/spans';

/** Every span's offsets must point at its text in the original (white space may be collapsed). */
function checkOffsets(text: string, spans: TextSpan[]) {
  for (const s of spans) assert.equal(text.slice(s.start, s.end).replace(/\s+/g, ' ').replace(/[*_`[\]|>]/g, ' ').replace(/\s+/g, ' ').trim().length > 0, true);
  for (const s of spans) assert.equal(text.slice(s.start, s.end).startsWith(s.text.slice(0, 1)), true, JSON.stringify(s));
}

test('English: sentences with offsets, abbreviations and line wraps handled', () => {
  const text = 'I loved it. Mr. Smith did not!\nWas it good?  Yes, it was\nvery good.\n\nNew paragraph';
  const spans = plainSentences(text);
  assert.deepEqual(spans.map((s) => s.text), ['I loved it.', 'Mr. Smith did not!', 'Was it good?', 'Yes, it was very good.', 'New paragraph']);
  assert.equal(text.slice(spans[1].start, spans[1].end), 'Mr. Smith did not!');
  assert.equal(text.slice(spans[3].start, spans[3].end), 'Yes, it was\nvery good.');
});

test('Chinese: sentences end at 。！？；… and at line breaks, closing quotes stay with them', () => {
  const text = '这部电影很好看。我非常喜欢！你呢？质量一般；价格还行…“太差了！”他说\n第二行没有句号\n第三行';
  assert.deepEqual(plainSentences(text).map((s) => s.text),
    ['这部电影很好看。', '我非常喜欢！', '你呢？', '质量一般；', '价格还行…', '“太差了！”', '他说', '第二行没有句号', '第三行']);
  checkOffsets(text, plainSentences(text));
  // A wrapped English paragraph stays one sentence; a line break ends a Chinese one even in a mixed paragraph.
  assert.deepEqual(plainSentences('A good film that I\nwould watch again.\n这部电影不错\n我很喜欢').map((s) => s.text),
    ['A good film that I would watch again.', '这部电影不错', '我很喜欢']);
});

test('routing: each sentence to the model of its main script, or skipped with a reason', () => {
  assert.deepEqual(routeSentence('A great film.'), { language: 'en' });
  assert.deepEqual(routeSentence('Café crème, très bon.'), { language: 'en' });
  assert.deepEqual(routeSentence('这部电影非常感人。'), { language: 'zh' });
  assert.deepEqual(routeSentence('這部電影非常感人。'), { language: 'zh' }, 'traditional characters');
  assert.deepEqual(routeSentence('这个app的UI很好用！'), { language: 'zh' }, 'Latin words inside Chinese');
  assert.deepEqual(routeSentence('We had dinner in 北京 and loved it.'), { language: 'en' }, 'a Chinese name inside English');
  assert.deepEqual(routeSentence('1234 -- 5678'), { skip: 'no-words' });
  assert.deepEqual(routeSentence('😀👍'), { skip: 'no-words' });
  assert.deepEqual(routeSentence('Отличный фильм.'), { skip: 'other-script' });
  assert.deepEqual(routeSentence('とても良い映画でした。'), { skip: 'other-script' });
});

test('headings, list labels and other fragments are not sentences; short Chinese reviews are', () => {
  for (const label of ['Night Train', 'Installation', 'The Lighthouse Keeper', 'Getting Started With Sentiment']) {
    assert.deepEqual(routeSentence(label), { skip: 'not-a-sentence', language: 'en' }, label);
  }
  for (const sentence of ['I loved every minute of it', 'Great film!', 'The Lighthouse Keeper was wonderful.', 'Notes from the editor']) {
    assert.deepEqual(routeSentence(sentence), { language: 'en' }, sentence);
  }
  assert.deepEqual(routeSentence('不错'), { language: 'zh' });
  assert.deepEqual(routeSentence('使用说明', { heading: true }), { skip: 'not-a-sentence', language: 'zh' });
  // Markdown marks its headings, whatever their words.
  const md = '# Notes from the editor\n\nThe screening starts at eight.\n\n## 使用说明\n\n很好用。';
  assert.deepEqual(markdownSentences(md).map((s) => [s.text, s.heading ?? false]),
    [['Notes from the editor', true], ['The screening starts at eight.', false], ['使用说明', true], ['很好用。', false]]);
  assert.equal(isMarkdownHeading('# Notes from the editor'), true);
  assert.equal(isMarkdownHeading('#hashtag'), false);
});

test('Chinese in code comments and in Markdown', () => {
  assert.deepEqual(commentSentences('// 这个函数很好用。\nconst x = "不是注释";\n/* 写得太乱了！以后再改 */', 'typescript')!.map((s) => s.text),
    ['这个函数很好用。', '写得太乱了！', '以后再改']);
  assert.deepEqual(markdownSentences('- 质量**非常**好\n- 物流太慢了\n\n> 引用：`code` 很棒。').map((s) => s.text),
    ['质量 非常 好', '物流太慢了', '引用： 很棒。']);
});

test('Markdown: skips front matter, fenced and indented code; headings and list items stand alone', () => {
  const md = [
    '---', 'title: Great awful', '---', '', '# A fine title', 'First sentence here. Second one', 'continues here.', '',
    '```js', 'const bad = "awful";', '```', '', '~~~', 'tilde fence', '~~~', '',
    'Plain words.', '', '    indented code line', '', '- item one is good', '- item two is bad', '', 'Use `npm test` and [the docs](http://x.io/a) now.',
    '', '> Quoted praise is lovely.', '', '| a | b |', '|---|---|', '| nice cell | bad cell |',
  ].join('\n');
  const spans = markdownSentences(md);
  const texts = spans.map((s) => s.text);
  assert.deepEqual(texts, [
    'A fine title', 'First sentence here.', 'Second one continues here.', 'Plain words.', 'item one is good', 'item two is bad',
    'Use and the docs now.', 'Quoted praise is lovely.', 'a b', 'nice cell bad cell',
  ]);
  assert.equal(md.slice(spans[0].start, spans[0].end), 'A fine title');
  assert.equal(md.slice(spans[4].start, spans[4].end), 'item one is good');
  checkOffsets(md, spans);
});

test('Markdown: an unclosed fence hides the rest of the document', () => {
  assert.deepEqual(markdownSentences('Before it.\n\n```\ncode forever\nmore code').map((s) => s.text), ['Before it.']);
});

test('code: only comments, strings are not comments, wrapped comments join', () => {
  const ts = [
    '// This helper is great.', '// It saves a lot of time.', 'const url = "http://example.com // not a comment";',
    'let x = 1; // trailing note', '/* A terrible hack,', ' * really awful. */', "const s = '/* nope */';",
  ].join('\n');
  const spans = commentSentences(ts, 'typescript')!;
  assert.deepEqual(spans.map((s) => s.text), ['This helper is great.', 'It saves a lot of time.', 'trailing note', 'A terrible hack, really awful.']);
  assert.equal(ts.slice(spans[3].start, spans[3].end), 'A terrible hack,\n * really awful.');
  const py = '# Nice and tidy.\ndef f():\n    """A lovely docstring."""\n    return "# no"\n';
  assert.deepEqual(commentSentences(py, 'python')!.map((s) => s.text), ['Nice and tidy.', 'A lovely docstring.']);
  assert.equal(commentSentences('x', 'no-such-language'), undefined);
});

test('documentSentences picks the reader by language id', () => {
  assert.deepEqual(documentSentences('# Title\n\nGood.', 'markdown').map((s) => s.text), ['Title', 'Good.']);
  assert.deepEqual(documentSentences('# comment here\nx = 1', 'python').map((s) => s.text), ['comment here']);
  assert.deepEqual(documentSentences('# Title\n\nGood.', 'plaintext').map((s) => s.text), ['# Title', 'Good.']);
});

/** Sentences of every length, abbreviations and quotes among them, from a fixed seed. */
function longParagraph(chars: number): string {
  let seed = 5;
  const pick = (n: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
  const words = ['film', 'Dr.', 'e.g.', 'story', '"Wow!"', 'it', 'was', 'etc.', 'good', '(really)', 'U.S.', 'No.', '3.5'];
  const plain = ['film', 'story', 'it', 'was', 'good', '(really)', 'and', 'so'];
  const ends = ['.', '!', '?', '...', '."', '?!'];
  const parts: string[] = [];
  for (let length = 0; length < chars;) {
    // Mostly ordinary sentences, now and then one longer than a window of the segmenter.
    const long = pick(20) === 0;
    const list = long ? plain : words;
    const n = long ? 1000 + pick(1500) : 3 + pick(30);
    const sentence = `${['The', 'A', 'Mr.', 'It'][pick(4)]} ${Array.from({ length: n }, () => list[pick(list.length)]).join(' ')}${ends[pick(ends.length)]}`;
    parts.push(sentence);
    length += sentence.length + 1;
  }
  return parts.join(pick(2) ? ' ' : '  ');
}

test('a long paragraph is segmented window by window exactly as in one piece', () => {
  const text = longParagraph(120_000);
  const whole = [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].map(({ segment, index }) => ({ segment, index }));
  assert.ok(whole.some((s) => s.segment.length > 4096), 'some sentences are longer than a window');
  assert.deepEqual([...sentenceSegments(text)], whole);
  assert.deepEqual([...sentenceSegments('')], []);
  assert.deepEqual([...sentenceSegments('x'.repeat(10_000))], [{ segment: 'x'.repeat(10_000), index: 0 }]);
});

/** Runs `body` with Intl.Segmenter refusing texts longer than `limit` (its cost grows with their square). */
function withSegmenterLimit(limit: number, body: () => void): void {
  const segment = Intl.Segmenter.prototype.segment;
  Intl.Segmenter.prototype.segment = function (this: Intl.Segmenter, text: string) {
    assert.ok(text.length <= limit, `the segmenter was handed ${text.length} characters at once`);
    return segment.call(this, text);
  };
  try {
    body();
  } finally {
    Intl.Segmenter.prototype.segment = segment;
  }
}

test('a megabyte in one paragraph: many sentences, one endless sentence, a run of abbreviations', () => withSegmenterLimit(SEGMENT_WINDOW, () => {
  const prose = longParagraph(1_000_000);
  const spans = plainSentences(prose);
  assert.ok(spans.length > 1000, `${spans.length} sentences`);
  checkOffsets(prose, spans.slice(0, 50));
  const endless = 'and the film goes on '.repeat(50_000);
  assert.deepEqual(plainSentences(endless).map((s) => [s.start, s.end]), [[0, endless.trimEnd().length]]);
  const abbreviations = 'Dr. '.repeat(250_000);
  assert.equal(plainSentences(abbreviations).length, 1);
}));

/**
 * Hostile input must cost time in proportion to its length. Checked against a bound far above what it
 * takes (a few seconds on a loaded machine) and far below what the square of the length cost before
 * (minutes): node:test cannot time out a test that never yields.
 */
function withinSeconds(seconds: number, body: () => void): void {
  const t0 = performance.now();
  body();
  const took = (performance.now() - t0) / 1000;
  assert.ok(took < seconds, `took ${took.toFixed(1)} s`);
}

test('Markdown: comments, tags, images and links are masked; unclosed ones by the ten thousand cost little', () => {
  const md = 'Good <!-- awful\nterrible --> film, <b class="x">nice</b> ![awful pic](a.png) [shot](http://x.io/a) here. <!-- open';
  assert.deepEqual(markdownSentences(md).map((s) => s.text), ['Good film, nice shot here.', '<!-- open']);
  withinSeconds(30, () => {
    for (const unit of ['<!-- a ', '<a b ', '![a](b ', '[a](b ', '![a ']) assert.ok(markdownSentences(unit.repeat(100_000)).length >= 1, unit);
  });
});

test('code: a line of a hundred thousand comments costs little', () => {
  assert.equal(commentSentences('/* a */ x '.repeat(1000), 'typescript')!.length, 1000);
  // Empty comments: what is timed is finding them, not segmenting their text.
  withinSeconds(10, () => {
    assert.deepEqual(commentSentences('/**/x'.repeat(200_000), 'typescript'), []);
    assert.deepEqual(commentSentences('""""""x'.repeat(100_000), 'python'), []);
  });
});
