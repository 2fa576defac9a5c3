import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codePointBytes, decodeComplete, isContinuationByte, isUtf8, sequenceLength, Utf8Stream } from '../../../src/text/utf8';

/** What push returns for each byte, null at the first invalid one and after it. */
function pushes(bytes: number[]): Array<string | null> {
  const stream = new Utf8Stream();
  return bytes.map((b) => stream.push(b));
}

test('byte by byte: whole characters, \'\' while one is open, null from the first byte that cannot be UTF-8', () => {
  assert.deepEqual(pushes([0x61, 0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0x98, 0x80]), ['a', '', '', '中', '', '', '', '😀']);
  // The bounds of the second byte (Unicode's table of well-formed sequences): overlong forms, surrogates
  // and code points above U+10FFFF are refused at the byte that makes them so.
  assert.deepEqual(pushes([0xe0, 0xa0, 0x80]), ['', '', '\u0800']);
  assert.deepEqual(pushes([0xe0, 0x9f, 0x80]), ['', null, null], 'overlong three-byte form');
  assert.deepEqual(pushes([0xed, 0x9f, 0xbf]), ['', '', '\ud7ff']);
  assert.deepEqual(pushes([0xed, 0xa0, 0x80]), ['', null, null], 'surrogate');
  assert.deepEqual(pushes([0xf0, 0x8f, 0x80, 0x80]), ['', null, null, null], 'overlong four-byte form');
  assert.deepEqual(pushes([0xf4, 0x8f, 0xbf, 0xbf]), ['', '', '', '\udbff\udfff']);
  assert.deepEqual(pushes([0xf4, 0x90, 0x80, 0x80]), ['', null, null, null], 'above U+10FFFF');
  for (const lead of [0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff]) assert.deepEqual(pushes([lead, 0x41]), [null, null], `lead ${lead.toString(16)}`);
  assert.deepEqual(pushes([0x61, 0x62, 0xc3, 0x28]), ['a', 'b', '', null], 'a character cut short by ASCII');
  assert.deepEqual(pushes([0xe4, 0xb8, 0xc3]), ['', '', null], 'cut short by another lead byte');
  // A byte-order mark is a character like any other here.
  assert.deepEqual(pushes([0xef, 0xbb, 0xbf]), ['', '', '\ufeff']);
});

test('incomplete is true exactly while a character is open', () => {
  const stream = new Utf8Stream();
  const seen = [0x61, 0xe4, 0xb8, 0xad, 0x0a].map((b) => (stream.push(b), stream.incomplete));
  assert.deepEqual(seen, [false, true, true, false, false]);
});

test('isUtf8: whole text, or the start of longer text cut inside a character', () => {
  const text = new TextEncoder().encode('a中😀');
  assert.equal(isUtf8(text), true);
  assert.equal(isUtf8(text.subarray(0, 3)), false, 'ends inside 中');
  assert.equal(isUtf8(text.subarray(0, 3), { truncated: true }), true);
  assert.equal(isUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]), { truncated: true }), false, 'a surrogate is not cut text');
  assert.equal(isUtf8(Uint8Array.from([0xc0, 0xaf])), false, 'overlong form');
  assert.equal(isUtf8(new Uint8Array(0)), true);
});

test('decodeComplete never cuts a character and keeps what is not UTF-8 visible', () => {
  const text = new TextEncoder().encode('a中b€');
  for (let n = 0; n <= text.length; n++) {
    const decoded = decodeComplete(text.slice(0, n));
    assert.ok(!decoded.includes('\ufffd'), `${n} bytes: ${decoded}`);
    assert.ok(n - new TextEncoder().encode(decoded).length < 3);
  }
  assert.equal(decodeComplete(text.slice(0, 3)), 'a');
  assert.equal(decodeComplete(text.slice(0, 4)), 'a中');
  assert.equal(decodeComplete(Uint8Array.from([0x61, 0xff, 0x62])), 'a\ufffdb');
});

test('byte counts: a code point\'s bytes as TextEncoder writes them, a sequence\'s length from its lead byte', () => {
  for (const ch of ['a', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '中', '\uffff', '😀', '\u{10ffff}']) {
    const encoded = new TextEncoder().encode(ch);
    assert.equal(codePointBytes(ch.codePointAt(0)!), encoded.length, ch);
    assert.equal(sequenceLength(encoded[0]), encoded.length, ch);
    assert.deepEqual([...encoded].map(isContinuationByte), encoded.length === 1 ? [false] : [false, ...Array(encoded.length - 1).fill(true)], ch);
  }
  for (const lead of [0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff]) assert.equal(sequenceLength(lead), 1, `lead ${lead.toString(16)}`);
});
