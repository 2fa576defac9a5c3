// Chinese text for the Chinese sentiment model: normalization, tokens, sentences, splits, and a model
// whose metadata names a Chinese tokenizer reading traditional characters as simplified.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SentimentModelError } from '../../../src/model/sentiment/artifacts';
import { reviewSentences, splitReviews, type Review } from '../../../src/model/sentiment/chineseData';
import { chineseCharTokens, chineseSentences, chineseWordTokens } from '../../../src/model/sentiment/chineseTokenizer';
import { SentimentClassifier } from '../../../src/model/sentiment/classifier';
import { buildClassifier } from '../../../src/model/sentiment/classifierModel';
import { encodeMember } from '../../../src/model/sentiment/encode';
import { OOV_INDEX } from '../../../src/model/sentiment/vocabulary';

before(async () => {
  await tf.setBackend('cpu');
});

const VARIANTS = new Map([['質', '质'], ['滿', '满'], ['買', '买']]);

test('characters are the tokens; full-width forms read as ASCII, Latin words stay whole', () => {
  assert.deepEqual(chineseCharTokens('质量很好，非常满意'), ['质', '量', '很', '好', ',', '非', '常', '满', '意']);
  assert.deepEqual(chineseCharTokens('ＩＰＡＤ２用了３天！'), ['ipad', '2', '用', '了', '3', '天', '!']);
  assert.deepEqual(chineseCharTokens('iPhone 很好'), ['iphone', '很', '好']);
});

test('traditional characters read as simplified through the variant table, and only through it', () => {
  assert.deepEqual(chineseCharTokens('質量很好，非常滿意', VARIANTS), chineseCharTokens('质量很好，非常满意'));
  assert.deepEqual(chineseCharTokens('質量'), ['質', '量'], 'without a table the character is left as it is');
});

test('emoji, joiners, variation selectors and stray surrogates give tokens or nothing, never a crash', () => {
  assert.deepEqual(chineseCharTokens('好😀👍🏻'), ['好', '😀', '👍', '🏻']);
  assert.deepEqual(chineseCharTokens('❤️'), ['❤'], 'the variation selector is dropped');
  assert.deepEqual(chineseCharTokens('👨‍👩‍👧'), ['👨', '👩', '👧'], 'zero-width joiners are dropped');
  assert.deepEqual(chineseCharTokens('\ud800好'), ['\ud800', '好']);
  assert.deepEqual(chineseCharTokens(''), []);
  assert.deepEqual(chineseCharTokens(' \n\t\u200b'), []);
  assert.deepEqual(chineseWordTokens(''), []);
});

test('the runtime segments Chinese words as the shipped model was trained (ICU dictionary present)', () => {
  // A runtime without ICU's Chinese dictionary would give characters here, and the word model would see
  // mostly OOV tokens: this fails first.
  assert.deepEqual(chineseWordTokens('质量很好，非常满意'), ['质量', '很好', ',', '非常', '满意']);
  assert.deepEqual(chineseWordTokens('太差了，再也不买了'), ['太', '差', '了', ',', '再也不', '买', '了']);
});

test('word tokens come from Intl.Segmenter, punctuation and emoji one character each', () => {
  const tokens = chineseWordTokens('質量很好！😀', VARIANTS);
  assert.equal(tokens.join(''), '质量很好!😀');
  assert.ok(tokens.length < 6, `words, not characters: ${tokens.join('|')}`);
  assert.deepEqual(tokens.slice(-2), ['!', '😀']);
});

test('sentences end after 。！？；… and at line breaks, closing quotes kept', () => {
  assert.deepEqual(chineseSentences('质量很好，非常满意！用了三天就坏了；再也不买了。“太差了！”他说……还行\n第二行'),
    ['质量很好，非常满意！', '用了三天就坏了；', '再也不买了。', '“太差了！”', '他说……', '还行', '第二行']);
  assert.deepEqual(chineseSentences(''), []);
  assert.deepEqual(chineseSentences('没有句号'), ['没有句号']);
});

const reviews: Review[] = ['书籍', '水果', '衣服'].flatMap((category) =>
  Array.from({ length: 40 }, (_, i) => ({ label: (i % 4 === 0 ? 0 : 1) as 0 | 1, category, text: `${category}${i}。很好！` })));

test('the split is stratified by category and label, disjoint, and the same for the same seed', () => {
  const a = splitReviews(reviews, { seed: 3, heldOutShare: 0.1, tuningShare: 0.05 });
  const b = splitReviews(reviews, { seed: 3, heldOutShare: 0.1, tuningShare: 0.05 });
  assert.deepEqual(a, b);
  assert.equal(a.train.length + a.tuning.length + a.heldOut.length, reviews.length);
  assert.equal(new Set([...a.train, ...a.tuning, ...a.heldOut].map((r) => r.text)).size, reviews.length);
  for (const category of ['书籍', '水果', '衣服']) {
    // 30 positive and 10 negative per category: 3 and 1 held out.
    assert.equal(a.heldOut.filter((r) => r.category === category && r.label === 1).length, 3);
    assert.equal(a.heldOut.filter((r) => r.category === category && r.label === 0).length, 1);
  }
  assert.notDeepEqual(splitReviews(reviews, { seed: 4, heldOutShare: 0.1, tuningShare: 0.05 }).heldOut, a.heldOut);
});

test('leave-one-category-out holds out that whole category and tunes on the others', () => {
  const s = splitReviews(reviews, { seed: 1, heldOutShare: 0.1, tuningShare: 0.1, heldOutCategory: '水果' });
  assert.equal(s.heldOut.length, 40);
  assert.ok(s.heldOut.every((r) => r.category === '水果'));
  assert.ok([...s.train, ...s.tuning].every((r) => r.category !== '水果'));
  assert.equal(s.tuning.length, 8);
  assert.throws(() => splitReviews(reviews, { seed: 1, heldOutShare: 0.1, tuningShare: 0.1, heldOutCategory: '手机' }), /no reviews in category 手机/);
});

test('review sentences carry their review label; fragments of fewer than two letters are left out', () => {
  const got = reviewSentences([{ label: 0, category: '水果', text: '包装很好。2。东西不行！！' }]);
  assert.deepEqual(got.map((s) => s.text), ['包装很好。', '东西不行！！']);
  assert.ok(got.every((s) => s.label === 0 && s.category === '水果'));
});

/** A model over a few characters, with the tokenizer and variant table in its files. */
async function smallChineseModel(vocabulary: object, tokenizer: { tokenizer?: unknown } = { tokenizer: 'zh-chars' }) {
  const model = buildClassifier({ vocabSize: 8, embedding: 8, units: 4 }, { embeddingDropout: 0, poolDropout: 0, seed: 2 });
  const encoded = await encodeMember(model);
  return SentimentClassifier.fromArtifacts({
    metadata: { kind: 'gru-scribe-sentiment', members: ['member-1'], embedding: 8, units: 4, ...tokenizer, neutralBand: [0.4, 0.6], training: {} },
    vocabulary,
    members: [{ modelJson: encoded.modelJson, weights: encoded.weights }],
  });
}

test('a Chinese model encodes characters, traditional ones as simplified, and anything unknown as OOV', async () => {
  const words = ['<pad>', '<oov>', '质', '量', '很', '好', '差', ','];
  const classifier = await smallChineseModel({ words, variants: { 質: '质' } });
  assert.equal(classifier.language, 'zh');
  assert.deepEqual([...classifier.encode('質量很好')], [2, 3, 4, 5]);
  assert.deepEqual([...classifier.encode('质量很好')], [2, 3, 4, 5]);
  assert.deepEqual([...classifier.encode('很差😀，')], [4, 6, OOV_INDEX, 7]);
  assert.equal(classifier.score(''), 0.5);
  assert.ok(Number.isFinite(classifier.score('😀👍🏻❤️ ＯＫ')));
});

test('English models (no tokenizer in their metadata) keep the English word tokenizer', async () => {
  const classifier = await smallChineseModel({ words: ['<pad>', '<oov>', 'good', 'it', "'s", 'not', 'bad', '.'] }, {});
  assert.equal(classifier.language, 'en');
  assert.deepEqual([...classifier.encode("It's good.")], [3, 4, 2, 7]);
});

test('an unknown tokenizer or a malformed variant table is a clear model error', async () => {
  const words = ['<pad>', '<oov>', '质', '量', '很', '好', '差', ','];
  await assert.rejects(smallChineseModel({ words }, { tokenizer: 'zh-pinyin' }), (e: Error) => e instanceof SentimentModelError && /unknown tokenizer "zh-pinyin"/.test(e.message));
  await assert.rejects(smallChineseModel({ words, variants: { 質量: '质量' } }), /variants must map single characters/);
  await assert.rejects(smallChineseModel({ words, variants: ['質'] }), /variants must map single characters/);
});
