// Lines of code that disagree with the rest of their file by one small edit: `i > n` where the file says
// `i < n` elsewhere, `copy(src, dst)` where it says `copy(dst, src)`, `return *;` where `return *this;`
// comes twice elsewhere, a bracket closed by the wrong kind. A left-to-right language model cannot see these: the two
// names of swapped arguments, or the text left by a dropped token, are each as likely as the right ones,
// and the order the file uses may come only further down. (Misspelled names are in ./lookalikes.)

export type InconsistencyKind = 'operator' | 'argument order' | 'dropped token' | 'bracket';

/**
 * Tokens as the C family, Python, shell and their kin spell them: names, numbers, the two-character
 * comparison and logic operators, and any other character alone.
 */
const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|===|!==|==|!=|<=|>=|&&|\|\||->|=>|::|[^\s\w]/g;

/** The operator a slip of the finger (or of the mind) turns each into. */
const COUNTERPART: Record<string, string> = {
  '===': '!==', '!==': '===', '==': '!=', '!=': '==', '<=': '>=', '>=': '<=', '&&': '||', '||': '&&',
  '<': '>', '>': '<', '+': '-', '-': '+',
};

/** Two neighbouring items of a list in brackets: `(a, b)`, `[x, y, …`, `…, p, q)`. */
const ARGUMENT_PAIR = /(?=[([,]\s*([^(),[\]\n]+?)\s*,\s*([^(),[\]\n]+?)\s*[),\]])/g;

/** Quoted text on one line (its brackets are not code), and a `//` comment after code. */
const QUOTED = /"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\\n])*`/g;
const TRAILING_COMMENT = /\s\/\/.*/;
const OPENER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Per line of `lines` (comment lines given as empty strings), the first kind of inconsistency found on it:
 * - operator: `a op b` occurs only here, and `a op' b` (op' its counterpart, `<` for `>`) occurs elsewhere;
 * - argument order: the neighbouring items `p, q` of a bracketed list occur only here, `q, p` elsewhere;
 * - dropped token: the neighbouring tokens `a c` occur only here, and `a b c` at least twice elsewhere;
 * - bracket: a bracket closed by another kind than the innermost open one (see `mismatchedBrackets`).
 */
export function findInconsistencies(lines: readonly string[]): Array<InconsistencyKind | undefined> {
  // Tokens, bigrams and argument pairs as numbers: a megabyte of code has a million n-grams to count.
  const ids = new Map<string, number>();
  const id = (token: string) => { let i = ids.get(token); if (i === undefined) ids.set(token, i = ids.size); return i; };
  const tokens = lines.map((line) => (line.match(TOKEN) ?? []).map(id));
  const pairs = lines.map((line) => argumentPairs(line).map(([a, b]) => [id(a), id(b)]));
  const k = ids.size + 1;
  // Bigram a b (as a * k + b) -> its index in bigramCount; trigram a b c as (that index) * k + c.
  const bigramIndex = new Map<number, number>(), bigramCount: number[] = [];
  const bigram = (a: number, b: number) => {
    let i = bigramIndex.get(a * k + b);
    if (i === undefined) { bigramIndex.set(a * k + b, i = bigramCount.length); bigramCount.push(0); }
    return i;
  };
  const trigramCount = new Map<number, number>(), pairCount = new Map<number, number>();
  // The most times any one token came between a and c, by a * k + c.
  const between = new Map<number, number>();
  for (const t of tokens) {
    for (let i = 0; i + 1 < t.length; i++) bigramCount[bigram(t[i], t[i + 1])]++;
    for (let i = 0; i + 2 < t.length; i++) {
      const tri = bigram(t[i], t[i + 1]) * k + t[i + 2], n = (trigramCount.get(tri) ?? 0) + 1;
      trigramCount.set(tri, n);
      const ac = t[i] * k + t[i + 2];
      if (n > (between.get(ac) ?? 0)) between.set(ac, n);
    }
  }
  for (const p of pairs) for (const [a, b] of p) pairCount.set(a * k + b, (pairCount.get(a * k + b) ?? 0) + 1);
  const trigrams = (a: number, b: number, c: number) => {
    const i = bigramIndex.get(a * k + b);
    return i === undefined ? 0 : trigramCount.get(i * k + c) ?? 0;
  };
  const counterpart = new Map([...ids].flatMap(([token, i]) => {
    const other = COUNTERPART[token] === undefined ? undefined : ids.get(COUNTERPART[token]);
    return other === undefined ? [] : [[i, other]];
  }));
  const operator = (t: number[]) => t.some((op, i) => i > 0 && i + 1 < t.length && counterpart.has(op)
    && trigrams(t[i - 1], op, t[i + 1]) === 1 && trigrams(t[i - 1], counterpart.get(op)!, t[i + 1]) > 0);
  const reordered = (p: number[][]) => p.some(([a, b]) => pairCount.get(a * k + b) === 1 && pairCount.has(b * k + a));
  const dropped = (t: number[]) => t.some((a, i) => i + 1 < t.length && bigramCount[bigramIndex.get(a * k + t[i + 1])!] === 1
    && (between.get(a * k + t[i + 1]) ?? 0) >= 2);
  const brackets = mismatchedBrackets(lines);
  return lines.map((_, i) => operator(tokens[i]) ? 'operator'
    : reordered(pairs[i]) ? 'argument order'
      : dropped(tokens[i]) ? 'dropped token'
        : brackets.has(i) ? 'bracket' : undefined);
}

/** Each two neighbouring items (when they differ) of the bracketed lists on a line, white space reduced to one space. */
function argumentPairs(line: string): Array<[string, string]> {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
  const out: Array<[string, string]> = [];
  for (const m of line.matchAll(ARGUMENT_PAIR)) {
    const a = norm(m[1]), b = norm(m[2]);
    if (a !== b) out.push([a, b]);
  }
  return out;
}

/**
 * Lines (indexes) where brackets, matched over the whole file outside quotes, go wrong: a closing bracket
 * of another kind than the innermost open one, when one of its kind is open further out (that line, and the
 * lines of the brackets it skips over, one of which lost its closing bracket). A closing bracket with none
 * of its kind open is let be: shell's `case` patterns (`-h)`) are written so.
 */
export function mismatchedBrackets(lines: readonly string[]): Set<number> {
  const wrong = new Set<number>();
  const open: Array<{ bracket: string; line: number }> = [];
  lines.forEach((text, line) => {
    for (const c of text.replace(QUOTED, '""').replace(TRAILING_COMMENT, '')) {
      if (c === '(' || c === '[' || c === '{') { open.push({ bracket: c, line }); continue; }
      const opener = OPENER[c];
      if (!opener) continue;
      if (open.at(-1)?.bracket === opener) { open.pop(); continue; }
      let k = open.length - 1;
      while (k >= 0 && open[k].bracket !== opener) k--;
      if (k < 0) continue;
      wrong.add(line);
      // The matching one closes here; those above it were left open.
      for (const skipped of open.splice(k).slice(1)) wrong.add(skipped.line);
    }
  });
  return wrong;
}
