// Chinese sentence ends: 。！？；… (and their ASCII forms, which NFKC gives) and line breaks; closing
// quotes and brackets stay with their sentence. The editor cuts Chinese text this way, and the Chinese
// model's sentence figures were measured on sentences cut the same way.

const SENTENCE = /[^。！？；…!?;\n]+(?:[。！？；…!?;]+[”’」』）)]*)?|[。！？；…!?;]+/g;

/** [start, end) of each Chinese sentence of `text`, untrimmed (white space around them included). */
export function chineseSentenceRanges(text: string): Array<[number, number]> {
  return Array.from(text.matchAll(SENTENCE), (m) => [m.index, m.index + m[0].length]);
}
