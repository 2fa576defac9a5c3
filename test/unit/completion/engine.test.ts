import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestCompletion, shapeSuggestion } from '../../../src/completion/engine/suggest';
import { balanceBrackets } from '../../../src/completion/engine/brackets';
import { cursorInsideWord } from '../../../src/completion/engine/context';
import { dropTooShort, shortestShown } from '../../../src/completion/engine/minimumSize';
import { cutPartialWord } from '../../../src/completion/engine/partialWord';
import { cutRepetition, findLoop } from '../../../src/completion/engine/repetition';
import { trimSuffixOverlap } from '../../../src/completion/engine/suffixOverlap';
import { primed } from './fakeDecoder';

const greedy = { maxBytes: 64, multiline: false, temperature: 0 };

test('stops at the end of the line unless multi-line', () => {
  const prefix = 'The quick brown ';
  assert.equal(suggestCompletion(primed(prefix, 'fox jumps\nover the dog'), prefix, '', greedy), 'fox jumps');
  assert.equal(suggestCompletion(primed(prefix, 'fox jumps\nover the dog\n\nNext'), prefix, '', { ...greedy, multiline: true }),
    'fox jumps\nover the dog');
});

test('multi-line is single-line when text follows the cursor', () => {
  const prefix = 'say(';
  assert.equal(suggestCompletion(primed(prefix, 'hello\nworld'), prefix, ')', { ...greedy, multiline: true }), 'hello');
});

test('restores the decoder state it was given', () => {
  const prefix = 'abc ';
  const decoder = primed(prefix, 'defgh');
  const before = decoder.snapshot();
  suggestCompletion(decoder, prefix, '', greedy);
  assert.deepEqual(decoder.snapshot(), before);
});

test('nothing inside a word', () => {
  assert.equal(cursorInsideWord('rld'), true);
  assert.equal(cursorInsideWord('中文'), true);
  assert.equal(cursorInsideWord(')'), false);
  assert.equal(cursorInsideWord(''), false);
  const decoder = primed('hello wo', 'rld again');
  assert.equal(suggestCompletion(decoder, 'hello wo', 'rld', greedy), '');
  assert.equal(decoder.feeds, 'hello wo'.length, 'no decoding was done');
});

test('respects maxBytes and never splits a character', () => {
  const prefix = '今天';
  // "天气很好" is 12 bytes; 7 bytes cut the third character in half.
  assert.equal(suggestCompletion(primed(prefix, '天气很好'), prefix, '', { ...greedy, maxBytes: 7 }), '天气');
  assert.equal(suggestCompletion(primed(prefix, '天气很好'), prefix, '', { ...greedy, maxBytes: 12 }), '天气很好');
});

test('invalid UTF-8 and control bytes end the suggestion; a byte-order mark is left out', () => {
  const surrogate = Uint8Array.from([...new TextEncoder().encode('value'), 0xed, 0xa0, 0x80, 0x41]);
  assert.equal(suggestCompletion(primed('x = ', surrogate), 'x = ', '', greedy), 'value');
  const bom = Uint8Array.from([...new TextEncoder().encode('one'), 0xef, 0xbb, 0xbf, ...new TextEncoder().encode(' two')]);
  assert.equal(suggestCompletion(primed('x = ', bom), 'x = ', '', greedy), 'one two');
  const bad = Uint8Array.from([...new TextEncoder().encode('value'), 0xff, 0x41]);
  assert.equal(suggestCompletion(primed('x = ', bad), 'x = ', '', greedy), 'value');
  const control = Uint8Array.from([...new TextEncoder().encode('ok go'), 0x00, 0x41]);
  assert.equal(suggestCompletion(primed('x = ', control), 'x = ', '', greedy), 'ok go');
});

test('no overlap with the text after the cursor', () => {
  assert.equal(trimSuffixOverlap('a, b)', ')'), 'a, b');
  assert.equal(trimSuffixOverlap('name", "x")', '");'), 'name", "x');
  assert.equal(trimSuffixOverlap('value; // done', ' // done'), 'value; ');
  assert.equal(trimSuffixOverlap('anything', ''), 'anything');
  assert.equal(suggestCompletion(primed('call(', 'first, second);'), 'call(', ');', greedy), 'first, second');
});

test('balanced brackets and quotes', () => {
  assert.equal(balanceBrackets('a, b)', 'f(', ''), 'a, b)', 'closes what the line opened');
  assert.equal(balanceBrackets('a, b) + 1', 'f(', ')'), 'a, b', 'the suffix closes it already');
  assert.equal(balanceBrackets('x) + y', 'let z = ', ''), 'x', 'a stray closer ends it');
  assert.equal(balanceBrackets('foo(bar, baz', 'let z = ', ''), 'foo', 'its own bracket left open');
  assert.equal(balanceBrackets('foo(1) + bar(2', 'z = ', ''), 'foo(1) + bar', 'cut to the last balanced point');
  assert.equal(balanceBrackets('"hello" + "wor', 'z = ', ''), '"hello" + ', 'an unterminated string');
  assert.equal(balanceBrackets('llo")', 'log("he', ''), 'llo")', 'finishes the string the line opened');
  assert.equal(balanceBrackets("don't stop (now)", 'I ', ''), "don't stop (now)", 'apostrophes are not quotes');
  assert.equal(balanceBrackets('"a\\"b"', 's = ', ''), '"a\\"b"', 'escaped quotes');
  assert.equal(balanceBrackets('{\n  a: 1,\n}', 'x = ', ''), '{\n  a: 1,\n}', 'brackets across lines');
});

test('repetition filter', () => {
  assert.equal(findLoop('plain words'), null);
  assert.deepEqual(findLoop('go the the the'), { start: 2, unitLength: 4 });
  assert.equal(cutRepetition('', 'value = compute(x);;;;;;;;;;'), 'value = compute(x);');
  assert.equal(cutRepetition('', 'x = 1;;;;;;;;;;;;'), '', 'mostly a loop');
  assert.equal(cutRepetition('', '好的好的，我们哈哈哈哈'), '好的好的，我们哈', 'one letter four times');
  assert.equal(cutRepetition('the cat and ', 'the cat and the cat and the cat'), '');
  assert.equal(cutRepetition('', 'a\nb\nb\nc'), 'a\nb');
  assert.equal(cutRepetition('', 'one, two, three'), 'one, two, three');
  assert.equal(cutRepetition('', 'l the callback for the callback for the callback'), '', 'a long phrase twice');
  assert.equal(cutRepetition('', 'and then he said: the callback for the callback for'), 'and then he said: the callback for');
  assert.equal(cutRepetition('', 'this.state.x = this.state.y;'), 'this.state.x = this.state.y;', 'short repeats are normal in code');
});

test('too short or blank suggestions are dropped', () => {
  assert.equal(dropTooShort('   '), '');
  assert.equal(dropTooShort(';'), '');
  assert.equal(dropTooShort(' x  '), '');
  assert.equal(dropTooShort('ok  '), 'ok');
  assert.equal(dropTooShort('好的'), '好的');
  assert.equal(dropTooShort('玉'), '玉', 'one Chinese character finishes a word');
  assert.equal(dropTooShort('，'), '', 'but not one punctuation mark');
  assert.equal(shapeSuggestion('\t\t', '', ''), '');
});

test('the shortest suggestion the editor shows: two visible characters, or one CJK letter', () => {
  assert.equal(shortestShown('turn value;'), 'tu');
  assert.equal(shortestShown('  x = 1'), '  x =');
  assert.equal(shortestShown('玉说道'), '玉');
  assert.equal(shortestShown('，他说'), '，他', 'punctuation is not a word of its own');
  assert.equal(shortestShown(';'), '');
  assert.equal(shortestShown('   '), '');
  // Whatever it starts, dropTooShort keeps it: it is a shown suggestion.
  for (const s of ['turn value;', '  x = 1', '玉说道']) assert.equal(dropTooShort(shortestShown(s)), shortestShown(s));
});

test('stops before the first byte the model is unsure of', () => {
  // The scripted decoder is certain of its script and then of a newline: an unsure model is simulated by
  // a threshold above 1, which stops at once.
  assert.equal(suggestCompletion(primed('ab ', 'cdef'), 'ab ', '', { ...greedy, minProbability: 0.5 }), 'cdef');
  // Past its first word at a pause: a word the model is sure of is shown whatever the whole-suggestion cut-off.
  assert.equal(suggestCompletion(primed('ab ', 'cd ef gh'), 'ab ', '', { ...greedy, minProbability: 1.01 }), 'cd');
});

test('temperature sampling is reproducible with a seed', () => {
  const d1 = primed('seed ', 'abc'), d2 = primed('seed ', 'abc');
  const options = { ...greedy, temperature: 1, seed: 3 };
  assert.equal(suggestCompletion(d1, 'seed ', '', options), suggestCompletion(d2, 'seed ', '', options));
});

test('real bad outputs of early models are rejected or cut', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  // The fixture sits in the source tree; this bundle runs from out/test/unit/completion/.
  const file = join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'completion', 'fixtures', 'bad-outputs.json');
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: { prefix: string; raw: string; shaped: string; why: string }[] };
  for (const c of cases) assert.equal(shapeSuggestion(c.raw, c.prefix, ''), c.shaped, c.why);
});

test('a suggestion unsure in the middle of a later word ends before that word', () => {
  const c = (s: string) => s.charCodeAt(0);
  assert.equal(cutPartialWord('mpletions fi', c('r')), 'mpletions');
  assert.equal(cutPartialWord('mpletions fi', undefined), 'mpletions fi', 'stopped for another reason');
  assert.equal(cutPartialWord('mpletions fi', c(' ')), 'mpletions fi', 'the word was finished');
  assert.equal(cutPartialWord('mpl', c('e')), 'mpl', 'the word being typed is kept');
  assert.equal(cutPartialWord('state.val', c('u')), 'state.');
  assert.equal(cutPartialWord('宝玉听了', c('a')), '宝玉听了', 'Chinese has no spaces between words');
});

test('a short Chinese loop is caught before it has room for three copies', () => {
  // 16 characters fill the 48 bytes of a suggestion: a 7-character phrase fits twice and a bit.
  assert.equal(cutRepetition('宝玉听了', '，只得人又听了，只得人又听了，只'), '');
  assert.equal(cutRepetition('', '黛玉笑道：“你又来了。”宝玉笑道：“我'), '黛玉笑道：“你又来了。”宝玉笑道：“我', 'a phrase that comes back only briefly is normal');
});
