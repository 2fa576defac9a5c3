// The comments of a source file, as sentences: the only prose in code the sentiment model should read.
import { blocks, sentencesIn } from './sentences';
import { MaskedText, type TextSpan } from './spans';

interface CommentSyntax {
  line: string[];
  block: Array<[string, string]>;
  /** String delimiters, skipped so that "//" inside a string is not a comment. */
  quotes: string[];
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'", '`'] };
const HASH: CommentSyntax = { line: ['#'], block: [], quotes: ['"', "'"] };
const SYNTAX: Record<string, CommentSyntax> = {
  python: { line: ['#'], block: [['"""', '"""'], ["'''", "'''"]], quotes: ['"', "'"] },
  shellscript: HASH, ruby: HASH, perl: HASH, yaml: HASH, r: HASH, toml: HASH, dockerfile: HASH,
  makefile: HASH, powershell: { line: ['#'], block: [['<#', '#>']], quotes: ['"', "'"] },
  sql: { line: ['--'], block: [['/*', '*/']], quotes: ["'", '"'] },
  lua: { line: ['--'], block: [['--[[', ']]']], quotes: ['"', "'"] },
  haskell: { line: ['--'], block: [['{-', '-}']], quotes: ['"'] },
  html: { line: [], block: [['<!--', '-->']], quotes: [] },
  xml: { line: [], block: [['<!--', '-->']], quotes: [] },
  css: { line: [], block: [['/*', '*/']], quotes: ['"', "'"] },
};
for (const id of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'c', 'cpp', 'csharp',
  'go', 'rust', 'swift', 'kotlin', 'scala', 'php', 'dart', 'objective-c', 'groovy', 'jsonc', 'scss', 'less']) {
  SYNTAX[id] = C_LIKE;
}

/** Comment sentences of source text in `languageId`; undefined when the language is not known. */
export function commentSentences(text: string, languageId: string): TextSpan[] | undefined {
  const syntax = SYNTAX[languageId];
  if (!syntax) return undefined;
  const masked = new MaskedText(text);
  // Each comment is a region; consecutive whole-line comments join into one (a wrapped paragraph).
  const regions: Array<[number, number, boolean]> = [];
  const addRegion = (mark: number, a: number, b: number, lineComment: boolean) => {
    const last = regions[regions.length - 1];
    // Alone on its line: only blanks before it. Read back over the blanks only, not to the line's start,
    // which on a long line of many comments would cost the square of its length.
    let before = mark;
    while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
    const alone = before === 0 || text[before - 1] === '\n';
    if (lineComment && alone && last?.[2] && /^[ \t]*\r?\n[ \t]*$/.test(text.slice(last[1], mark))) last[1] = b;
    else regions.push([a, b, lineComment && alone]);
  };
  let i = 0;
  let code = 0; // start of the current run of code (masked)
  const startsWith = (s: string) => text.startsWith(s, i);
  while (i < text.length) {
    const block = syntax.block.find(([open]) => startsWith(open));
    if (block) {
      const [open, close] = block;
      const end = text.indexOf(close, i + open.length);
      const stop = end < 0 ? text.length : end + close.length;
      masked.mask(code, i + open.length);
      masked.mask(end < 0 ? text.length : end, stop);
      addRegion(i, i + open.length, end < 0 ? text.length : end, false);
      i = code = stop;
      continue;
    }
    const lineMark = syntax.line.find((m) => startsWith(m));
    if (lineMark) {
      const nl = text.indexOf('\n', i);
      const stop = nl < 0 ? text.length : nl;
      masked.mask(code, i + lineMark.length);
      addRegion(i, i + lineMark.length, stop, true);
      i = code = stop;
      continue;
    }
    const quote = syntax.quotes.find((q) => startsWith(q));
    if (quote) {
      // Skip the string literal, honouring backslash escapes; unterminated strings end at the line.
      let j = i + 1;
      while (j < text.length && text[j] !== quote && !(text[j] === '\n' && quote !== '`')) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    i++;
  }
  masked.mask(code, text.length);
  // Decoration of comment bodies: "*" at the start of block-comment lines, runs of "#", "-", "/".
  let maskedText = masked.toString();
  for (const hit of maskedText.matchAll(/^[ \t]*(?:\*+|#+|-{2,}|\/{2,})(?=\s|$)/gm)) masked.mask(hit.index, hit.index + hit[0].length);
  for (const hit of maskedText.matchAll(/[=*#-]{3,}/g)) masked.mask(hit.index, hit.index + hit[0].length);
  maskedText = masked.toString();
  return regions.flatMap(([a, b]) => blocks(maskedText.slice(a, b))
    .flatMap(([s, e]) => sentencesIn(text, maskedText, a + s, a + e)));
}

/**
 * True when the end of `text` (source in `languageId`) is inside a comment or a string; undefined when the
 * language is not known. `text` should start outside both (a file's start, or a line start far enough back).
 */
export function endsInCommentOrString(text: string, languageId: string): boolean | undefined {
  const syntax = SYNTAX[languageId];
  if (!syntax) return undefined;
  let i = 0;
  while (i < text.length) {
    const block = syntax.block.find(([open]) => text.startsWith(open, i));
    if (block) {
      const end = text.indexOf(block[1], i + block[0].length);
      if (end < 0) return true;
      i = end + block[1].length;
      continue;
    }
    if (syntax.line.some((mark) => text.startsWith(mark, i))) {
      const end = text.indexOf('\n', i);
      if (end < 0) return true;
      i = end + 1;
      continue;
    }
    const quote = syntax.quotes.find((q) => text.startsWith(q, i));
    if (quote) {
      let j = i + 1;
      while (j < text.length && text[j] !== quote && (quote === '`' || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return true;
      i = j + 1;
      continue;
    }
    i++;
  }
  return false;
}
