import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsWord, CUT_OFFS, firstWordEnd, scriptBefore, shownLength, typingWord } from '../../../src/completion/engine/confidence';
import { suggestAlternatives, suggestCompletion } from '../../../src/completion/engine/suggest';
import { type ByteDecoder, type DecoderSnapshot } from '../../../src/model/lm/types';
import { kindOfFileName, kindOfLanguage } from '../../../src/completion/engine/textKind';
import { FakeSnapshot, primed } from './fakeDecoder';

const context = (linePrefix: string, textBefore = linePrefix) => ({ linePrefix, textBefore, kind: 'prose' as const, minProbability: 0.2 });
const cutOffs = { nextWord: 0.1, wordEnd: 0.5 };

test('where the cursor is: the script before it, and whether a word is being typed', () => {
  assert.equal(scriptBefore('我们还决定'), 'cjk');
  assert.equal(scriptBefore('我们还决定 '), 'cjk', 'blanks are looked past');
  assert.equal(scriptBefore('for (let i = 0; i < '), 'spaced');
  assert.equal(typingWord('After lunc'), true);
  assert.equal(typingWord('After lunch '), false);
  assert.equal(typingWord('我们还决定'), false, 'after a CJK character is a pause');
  assert.equal(typingWord('i < '), false);
});

test('after CJK punctuation or a full-width form, the text being typed is CJK', () => {
  assert.equal(scriptBefore('这个命令会删除文件，'), 'cjk', 'a full-width comma');
  assert.equal(scriptBefore('详见手册。 '), 'cjk', 'an ideographic full stop, blanks looked past');
  assert.equal(scriptBefore('选项「'), 'cjk', 'a corner bracket');
  assert.equal(scriptBefore('参数（'), 'cjk', 'a full-width parenthesis');
  assert.equal(scriptBefore('Run ls -l, '), 'spaced', 'an ASCII comma after Latin text');
  assert.equal(scriptBefore('Hello, '), 'spaced');
});

test('a spaced script in a mostly-Chinese document is told apart from spaced text elsewhere', () => {
  const manual = '这个命令列出目录中的文件，默认按名称排序。下面的选项改变输出的格式：\n';
  assert.equal(scriptBefore('ls ', `${manual}ls `), 'spacedInCjk', 'a Latin command name');
  assert.equal(scriptBefore('', manual), 'spacedInCjk', 'a line start');
  assert.equal(scriptBefore('显示', `${manual}显示`), 'cjk');
  assert.equal(scriptBefore('ls ', 'The command lists the files of a folder, sorted by name.\nls '), 'spaced');
  // Calibrated: in mostly-Chinese prose a spaced pause shows nothing, however sure the model; elsewhere it does.
  const sure = [0.99, 0.98];
  assert.equal(shownLength('-l', sure, context('ls ', `${manual}ls `)), 0);
  assert.equal(shownLength('-l', sure, context('ls ', 'The command lists the files.\nls ')), 2);
  assert.equal(shownLength('显示', [0.9, 0.8], context('，', `${manual}，`)), 2, 'after Chinese punctuation: the CJK cut-off');
});

test('a pause cut-off above the whole-suggestion one shows only what is that sure, and Infinity nothing', () => {
  const confidences = [0.9, 0.5, 0.45, 0.35, 0.3, 0.25];
  const pause = (p: number) => ({ nextWord: p, wordEnd: 0.3, pause: p });
  const at = context('The next release will ');
  assert.equal(shownLength('be out', confidences, at, cutOffs), 6, 'no pause cut-off: 0.2 decides');
  assert.equal(shownLength('be out', confidences, at, pause(0.4)), 3);
  assert.equal(shownLength('be out', confidences, at, pause(Infinity)), 0);
  // Inside a word the whole-suggestion cut-off stays the setting's.
  assert.equal(shownLength('tion ', [0.9, 0.6, 0.5, 0.4, 0.25], context('After lunc'), pause(Infinity)), 5);
});

test('in code, a suggestion whose first word is unlikely is withheld, however sure the rest of it', () => {
  const code = (linePrefix: string, textBefore = linePrefix) => ({ linePrefix, textBefore, kind: 'code' as const, minProbability: 0.2 });
  const { nextWord, wordEnd, knownWordEnd = 0 } = CUT_OFFS.code.spaced;
  assert.ok(nextWord > 0.2 && wordEnd > 0.2, 'the first word must be surer than the whole-suggestion cut-off asks');
  const flat = (text: string, p: number) => [...text].map(() => p);
  // At a pause: every character of "subscriber.next" at the same probability, above the whole-suggestion cut-off.
  const text = 'subscriber.next';
  assert.equal(shownLength(text, flat(text, (0.2 + nextWord) / 2), code('    this.')), 0, 'its first word under the cut-off: nothing');
  assert.equal(shownLength(text, flat(text, nextWord), code('    this.')), text.length, 'at the cut-off: all of it');
  // A suggestion of punctuation alone is its own first word.
  assert.equal(shownLength(');', flat(');', (0.2 + nextWord) / 2), code('foo(bar')), 0);
  // Inside a word: "subscr" + "iber.next"; the document's own word lowers the bar to knownWordEnd, not to nothing.
  const rest = 'iber.next';
  const known = 'const subscriber = new Subscriber();\n    this.subscr';
  assert.equal(shownLength(rest, flat(rest, (0.2 + wordEnd) / 2), code('    this.subscr')), 0, 'an unsure ending the document does not have');
  assert.equal(shownLength(rest, flat(rest, wordEnd), code('    this.subscr')), rest.length);
  assert.equal(shownLength(rest, flat(rest, (knownWordEnd + wordEnd) / 2), code('    this.subscr', known)), rest.length, 'the document has "subscriber"');
  assert.ok(knownWordEnd > 0);
  assert.equal(shownLength(rest, flat(rest, knownWordEnd / 2), code('    this.subscr', known)), 0, 'the document has it, but the model all but rules it out');
});

test('under a setting below the calibrated cut-offs, prose shows what the setting allows: only code withholds', () => {
  const at = (kind: 'prose' | 'code', linePrefix: string, minProbability: number) => ({ linePrefix, textBefore: linePrefix, kind, minProbability });
  // The first word under its calibrated cut-off (prose spaced 0.15, CJK 0.05; code CJK 0.1) but every
  // character at or above the setting: all of it is shown.
  const beOut = [0.9, 0.5, 0.12, 0.11, 0.105, 0.1, 0.1];
  assert.equal(shownLength(' be out', beOut, at('prose', 'The next release will', 0.1)), 7);
  assert.equal(shownLength(' the', [0.01, 0.01, 0.01, 0.01], at('prose', 'Open', 0)), 4, 'a setting of 0 shows everything');
  assert.equal(shownLength('了吗', [0.04, 0.03], at('prose', '你吃饭', 0.02)), 2);
  assert.equal(shownLength('了吗', [0.08, 0.07], at('code', '// 你吃饭', 0.05)), 2, 'code\'s CJK cut-off does not withhold');
  // Code's spaced cut-offs withhold whatever the setting, below or above them.
  const text = 'subscriber.next';
  const { nextWord } = CUT_OFFS.code.spaced;
  for (const minProbability of [0.05, 0.2, (nextWord + 1) / 2]) {
    assert.equal(shownLength(text, [...text].map(() => nextWord / 2), at('code', '    this.', minProbability)), 0, `at ${minProbability}`);
  }
});

test('in code, nothing is shown inside a line\'s indentation: the depth is what the model gets wrong', () => {
  const code = (linePrefix: string) => ({ linePrefix, textBefore: `function f() {\n${linePrefix}`, kind: 'code' as const, minProbability: 0.2 });
  const sure = (text: string) => [...text].map(() => 0.95);
  assert.equal(shownLength('  return x;', sure('  return x;'), code('  ')), 0, 'more blanks to come');
  assert.equal(shownLength('return x;', sure('return x;'), code('    ')), 9, 'at the end of the indentation: the next word');
  assert.equal(shownLength('  y', sure('  y'), code('x =')), 3, 'blanks after text are no indentation');
  // Prose keeps its cut-off there (a Markdown list's continuation lines).
  assert.equal(shownLength('  more', sure('  more'), { ...code('  '), kind: 'prose' }), 6);
});

test('the first word of a continuation, with the blanks and punctuation before it', () => {
  assert.equal(firstWordEnd(' be out soon'), 3);
  assert.equal(firstWordEnd('length; i++) {'), 6);
  assert.equal(firstWordEnd('); }'), 0);
  assert.ok(firstWordEnd('了这件事') >= 1 && firstWordEnd('了这件事') <= 4, 'a Chinese word, by the segmenter');
});

test('at a pause, the next word alone is shown when the whole suggestion is too unsure for more', () => {
  // " be out": the whole suggestion drops below 0.2 inside "be"; "be" alone is at 0.15.
  const confidences = [0.5, 0.3, 0.15, 0.12, 0.05, 0.04, 0.03];
  assert.equal(shownLength(' be out', confidences, context('The next release will'), cutOffs), 3);
  // Below the next-word cut-off: only what the whole-suggestion cut-off allows (part of a word, cut later).
  assert.equal(shownLength(' be out', confidences, context('The next release will'), { ...cutOffs, nextWord: 0.2 }), 2);
  // Cut-offs that withhold (code's) withhold the suggestion instead; a next-word cut-off above the whole-suggestion
  // one does not by itself.
  assert.equal(shownLength(' be out', confidences, context('The next release will'), { ...cutOffs, nextWord: 0.25, withholdFirstWord: true }), 0);
  assert.equal(shownLength(' be out', confidences, context('The next release will'), { ...cutOffs, nextWord: 0.25 }), 2);
  // Sure of more than one word: the whole-suggestion cut-off decides, as before.
  assert.equal(shownLength(' be out', [0.9, 0.9, 0.9, 0.8, 0.7, 0.6, 0.1], context('The next release will'), cutOffs), 6);
});

test('inside a word, its end is shown only with evidence: the finished word in the document, or a sure model', () => {
  const unsure = [0.3, 0.3, 0.3, 0.3, 0.25];
  assert.equal(shownLength('tion ', unsure, context('After lunc'), cutOffs), 0, 'no evidence');
  assert.equal(shownLength('h we', [0.9, 0.6, 0.5, 0.4], context('After lunc', 'Lunch was late.\nAfter lunc'), cutOffs), 4,
    'the document has "Lunch", not "lunch": no evidence of case, but a sure model');
  assert.equal(shownLength('tion ', unsure, context('After lunc', 'The lunction was.\nAfter lunc'), cutOffs), 5, 'the document has the word');
  assert.equal(shownLength('tion ', [0.6, 0.6, 0.6, 0.6, 0.55], context('After lunc'), cutOffs), 5, 'the model is sure');
  assert.equal(containsWord('the lunction was', 'lunction'), true);
  assert.equal(containsWord('the lunctions were', 'lunction'), false, 'a whole word only');
});

test('the pipeline shows one confident word at a pause where the whole-suggestion cut-off alone shows nothing', () => {
  // Each byte at 0.6: " be" is 0.216, under the 0.2 cut-off from the fourth byte on.
  const prefix = 'The next release will';
  const word = CUT_OFFS.prose.spaced.nextWord;
  const p = 0.6;
  const expected = p ** 3 >= word ? ' be' : '';
  assert.equal(suggestCompletion(primed(prefix, ' be out soon', 0x0a, p), prefix, '', { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.25 }), expected);
  // A word the model is sure of is shown however the cut-offs are set.
  assert.equal(suggestCompletion(primed(prefix, ' be out soon', 0x0a, 0.99), prefix, '', { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.25 }), ' be out soon');
});

test('cut-offs given to the pipeline replace the calibrated ones, and generation goes as low as they ask', () => {
  const prefix = 'The next release will';
  const options = { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.25 };
  // Each byte at 0.6: " be" is at 0.216.
  assert.equal(suggestCompletion(primed(prefix, ' be out soon', 0x0a, 0.6), prefix, '', { ...options, cutOffs: { nextWord: 0.3, wordEnd: 0.3 } }), '');
  assert.equal(suggestCompletion(primed(prefix, ' be out soon', 0x0a, 0.6), prefix, '', { ...options, cutOffs: { nextWord: 0.2, wordEnd: 0.3 } }), ' be');
  // Each byte at 0.25: " be" is at 0.016, below every calibrated cut-off but not below 0.01.
  assert.ok(0.25 ** 3 < Math.min(...Object.values(CUT_OFFS).flatMap((k) => Object.values(k).map((c) => c.nextWord))));
  assert.equal(suggestCompletion(primed(prefix, ' be out soon', 0x0a, 0.25), prefix, '', { ...options, cutOffs: { nextWord: 0.01, wordEnd: 0.3 } }), ' be');
});

test('the pipeline withholds in code a suggestion whose first word is unlikely, where prose shows it', () => {
  const prefix = 'const next = this.';
  const options = { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.2 };
  // Each byte at 0.93: "subscriber" is at 0.48, under code's next-word cut-off, above prose's.
  assert.ok(0.93 ** 10 < CUT_OFFS.code.spaced.nextWord && 0.93 ** 10 >= CUT_OFFS.prose.spaced.nextWord);
  assert.equal(suggestCompletion(primed(prefix, 'subscriber.next(value);', 0x0a, 0.93), prefix, '', { ...options, kind: 'code' }), '');
  assert.notEqual(suggestCompletion(primed(prefix, 'subscriber.next(value);', 0x0a, 0.93), prefix, '', { ...options, kind: 'prose' }), '');
  // Each byte at 0.97: "subscriber" is at 0.74, and code shows it with what follows.
  assert.ok(0.97 ** 10 >= CUT_OFFS.code.spaced.nextWord);
  assert.match(suggestCompletion(primed(prefix, 'subscriber.next(value);', 0x0a, 0.97), prefix, '', { ...options, kind: 'code' }), /^subscriber/);
});

test('the pipeline shows no unsure word ending the document does not have', () => {
  const prefix = 'After lunc';
  const options = { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.01 };
  // Every byte at 0.9: "tion" is at 0.66, sure enough.
  assert.equal(suggestCompletion(primed(prefix, 'tion', 0x0a, 0.9), prefix, '', options), 'tion');
  // Every byte at 0.7: "tion" is at 0.24, under the word-end cut-off, and "lunction" is nowhere before.
  assert.ok(0.7 ** 4 < CUT_OFFS.prose.spaced.wordEnd);
  assert.equal(suggestCompletion(primed(prefix, 'tion', 0x0a, 0.7), prefix, '', options), '');
  assert.equal(suggestCompletion(primed(prefix, 'tion', 0x0a, 0.7), prefix, '', options, 'A lunction.\nAfter lunc'), 'tion');
});

test('prose or code, from the language id or the file name', () => {
  assert.equal(kindOfLanguage('markdown'), 'prose');
  assert.equal(kindOfLanguage('typescript'), 'code');
  assert.equal(kindOfFileName('notes.md'), 'prose');
  assert.equal(kindOfFileName('README'), 'prose');
  assert.equal(kindOfFileName('main.go'), 'code');
});

/** After `prompt`, "alpha" (0.6) or "beta" (0.4), each followed by a line end. */
class TwoWays implements ByteDecoder {
  private fed: number[] = [];
  constructor(private readonly prompt: string) { this.feedAll(new TextEncoder().encode(prompt)); }
  reset(): void { this.fed = []; }
  feed(byte: number): void { this.fed.push(byte); }
  feedAll(bytes: Uint8Array): void { for (const b of bytes) this.feed(b); }
  nextProbabilities(out = new Float32Array(256)): Float32Array {
    out.fill(0);
    const after = String.fromCharCode(...this.fed.slice(this.prompt.length));
    if (after === '') { out[0x61] = 0.6; out[0x62] = 0.4; return out; }
    const word = after.startsWith('a') ? 'alpha' : 'beta';
    out[after.length < word.length ? word.charCodeAt(after.length) : 0x0a] = 1;
    return out;
  }
  snapshot(): DecoderSnapshot { return new FakeSnapshot(this.fed.slice()); }
  restore(s: DecoderSnapshot): void { this.fed = (s as FakeSnapshot<number[]>).value.slice(); }
}

test('alternatives: other likely continuations, distinct from the suggestion and from each other', () => {
  const prefix = 'x = ';
  const options = { maxBytes: 48, multiline: false, temperature: 0, minProbability: 0.2, alternatives: 2 };
  const decoder = new TwoWays(prefix);
  const first = suggestCompletion(decoder, prefix, '', options);
  assert.equal(first, 'alpha');
  const others = suggestAlternatives(decoder, prefix, '', options, prefix, first);
  assert.deepEqual(others, ['beta'], 'the only other continuation, once');
  assert.deepEqual(suggestAlternatives(decoder, prefix, '', { ...options, alternatives: 0 }, prefix, first), []);
  assert.equal(suggestCompletion(decoder, prefix, '', options), 'alpha', 'the decoder state is left as it was');
});
