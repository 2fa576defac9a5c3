// Lines of code that disagree with the rest of their file by one small edit: `i > n` where the file says
// `i < n` elsewhere, `copy(src, dst)` where it calls `copy(dst, src)` twice, `return .x;` where `return this.x;`
// comes twice elsewhere, a bracket closed by the wrong kind. A left-to-right language model cannot see these: the two
// names of swapped arguments, or the text left by a dropped token, are each as likely as the right ones,
// and the order the file uses may come only further down. (Misspelled names are in ./lookalikes.)
// Each rule counts only the other lines of the file: a line does not agree with itself.

export type InconsistencyKind = 'operator' | 'argument order' | 'dropped token' | 'bracket';

/** What a line disagrees in, and where: `at` is the offset in the line of the token or argument accused. */
export interface Inconsistency { kind: InconsistencyKind; at: number }

/**
 * Tokens as the C family, Python, shell and their kin spell them: names, numbers, the operators of two and
 * three characters (compound assignments, `++`, shifts, comparisons, logic) and any other character alone.
 */
const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|<<=|>>=|\*\*=|===|!==|&&=|\|\|=|\?\?=|==|!=|<=|>=|&&|\|\||\?\?|\+\+|--|[-+*/%&|^]=|<<|>>|\*\*|->|=>|::|[^\s\w]/g;
const NAME = /^[A-Za-z_$]/;
const WORD = /^[\w$]/;
/**
 * Words that code writes in one place and leaves out in the next, rightly: declarations, modifiers and
 * qualifiers (`(let i` and `( i`, `export async function` and `export function`, `return;` beside `return undefined;`).
 */
const OPTIONAL = new Set(['let', 'const', 'var', 'async', 'await', 'type', 'readonly', 'static', 'final', 'mut', 'pub',
  'export', 'public', 'private', 'protected', 'struct', 'enum', 'union', 'unsigned', 'signed', 'inline', 'extern',
  'virtual', 'override', 'abstract', 'volatile', 'register', 'typename', 'constexpr', 'default', 'undefined', 'null',
  'nil', 'None', 'void', 'local', 'declare']);

/**
 * The operator a slip of the finger (or of the mind) turns each into. Not `==` and `!=` (nor `===`, `!==`,
 * `+=`, `++`): code tests and steps both ways as a matter of course (`=== undefined` here, `!== undefined`
 * there), and on clean files they marked more right lines than they found slips.
 */
const COUNTERPART: Record<string, string> = {
  '<=': '>=', '>=': '<=', '&&': '||', '||': '&&',
  '<': '>', '>': '<', '+': '-', '-': '+',
};

/**
 * How many times elsewhere the file must write `a op' b` before `a op b`, written only here, stands out: once
 * for an order or a logic operator, twice for `+` and `-`, which code writes both ways as a matter of course
 * (`x + 1` and `x - 1` once each, and either may be the slip).
 */
export const OPERATOR_ELSEWHERE = 1;
export const TWO_WAY_OPERATOR_ELSEWHERE = 2;
const TWO_WAY = new Set(['+', '-']);
/** How many times elsewhere the file must call `f(q, p)` before `f(p, q)`, called only here, stands out. */
export const ARGUMENTS_ELSEWHERE = 2;
/** How many times elsewhere the file must write `a b c` before `a c`, written only here, stands out. */
export const DROPPED_ELSEWHERE = 2;

/** Two neighbouring items of a list in parentheses: `(a, b`, `, p, q)`. */
const ARGUMENT_PAIR = /(?=[(,]\s*([^(),[\]\n]+?)\s*,\s*([^(),[\]\n]+?)\s*[),])/g;
/** Words before `(` that are not a callee. */
const NOT_CALLEE = new Set(['if', 'for', 'while', 'switch', 'return', 'catch', 'in', 'of', 'and', 'or', 'not', 'elif', 'match', 'case']);

/**
 * Quoted text on one line, and a `//` comment after code: after white space or a closing quote, not after a
 * name (`http://x` outside quotes is not one).
 */
const QUOTED = /"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\\n])*`/g;
const TRAILING_COMMENT = /(?<=[\s"'`])\/\/.*/;
/** The most mismatched closing brackets a file may have for them to be marked (each with one line skipped over). */
const MISMATCHES_TRUSTED = 1;
const OPENER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** How many times each key was added. */
class Tally {
  private readonly n = new Map<string, number>();
  add(key: string) { this.n.set(key, (this.n.get(key) ?? 0) + 1); }
  get(key: string) { return this.n.get(key) ?? 0; }
}

/**
 * The code of a line as the rules read it, at the same offsets: quoted text blanked between its quote marks
 * (`'<'` is not an operator, `"("` not a bracket), before the comment after code is cut off, so that a `//`
 * inside a string (`"http://x"`) does not cut the line.
 */
export function codeOf(line: string): string {
  return line.replace(QUOTED, (q) => q[0] + ' '.repeat(q.length - 2) + q[0]).replace(TRAILING_COMMENT, '');
}

/**
 * Per line of `lines` (comment lines given as empty strings), the first inconsistency found on it:
 * - operator: `a op b` occurs only on this line, and `a op' b` (op' its counterpart, `<` for `>`)
 *   OPERATOR_ELSEWHERE (TWO_WAY_OPERATOR_ELSEWHERE for `+`, `-`) times on other lines, a or b a word;
 * - argument order: the neighbouring arguments `p, q` of a call to `f` occur only here, `f(…q, p…)`
 *   ARGUMENTS_ELSEWHERE times elsewhere;
 * - dropped token: the neighbouring tokens `a c` (not both punctuation) occur only here, and `a b c`, b a name
 *   (not one of the OPTIONAL words), DROPPED_ELSEWHERE times elsewhere;
 * - bracket: a bracket closed by another kind than the innermost open one (see `mismatchedBrackets`).
 */
export function findInconsistencies(lines: readonly string[]): Array<Inconsistency | undefined> {
  const code = lines.map(codeOf);
  const tokens = code.map((c) => [...c.matchAll(TOKEN)].map((m) => ({ text: m[0], at: m.index })));
  // Arguments as written (their quoted text tells calls apart), without the comment after them.
  const pairs = lines.map((line, i) => argumentPairs(line.slice(0, code[i].length)));
  const sep = '\u0000';
  const bigrams = new Tally(), trigrams = new Tally(), calls = new Tally();
  // The name most often written between a and c, by `a c`.
  const between = new Map<string, { name: string; n: number }>();
  for (const t of tokens) {
    for (let i = 0; i + 1 < t.length; i++) bigrams.add(t[i].text + sep + t[i + 1].text);
    for (let i = 0; i + 2 < t.length; i++) {
      const tri = t[i].text + sep + t[i + 1].text + sep + t[i + 2].text;
      trigrams.add(tri);
      if (!NAME.test(t[i + 1].text) || OPTIONAL.has(t[i + 1].text)) continue;
      const ac = t[i].text + sep + t[i + 2].text, n = trigrams.get(tri);
      if (n > (between.get(ac)?.n ?? 0)) between.set(ac, { name: t[i + 1].text, n });
    }
  }
  for (const p of pairs) for (const { key } of p) calls.add(key);
  const brackets = mismatchedBrackets(lines);
  return lines.map((_, line) => {
    const t = tokens[line];
    // This line's own counts, to be taken out of the file's.
    const here = new Tally();
    for (let i = 0; i + 1 < t.length; i++) here.add(t[i].text + sep + t[i + 1].text);
    for (let i = 0; i + 2 < t.length; i++) here.add(t[i].text + sep + t[i + 1].text + sep + t[i + 2].text);
    const elsewhere = (key: string) => trigrams.get(key) - here.get(key);
    for (let i = 1; i + 1 < t.length; i++) {
      const other = COUNTERPART[t[i].text];
      if (other === undefined) continue;
      const a = t[i - 1].text, b = t[i + 1].text;
      // Between two brackets or quotes (`) || !`, `) && (`) an operator joins whole expressions, which differ.
      if (!WORD.test(a) && !WORD.test(b)) continue;
      if (elsewhere(a + sep + t[i].text + sep + b) === 0 && elsewhere(a + sep + other + sep + b) >= (TWO_WAY.has(other) ? TWO_WAY_OPERATOR_ELSEWHERE : OPERATOR_ELSEWHERE)) {
        return { kind: 'operator', at: t[i].at };
      }
    }
    const ownCalls = new Tally();
    for (const { key } of pairs[line]) ownCalls.add(key);
    for (const { key, swapped, at } of pairs[line]) {
      if (calls.get(key) === ownCalls.get(key) && calls.get(swapped) - ownCalls.get(swapped) >= ARGUMENTS_ELSEWHERE) {
        return { kind: 'argument order', at };
      }
    }
    for (let i = 0; i + 1 < t.length; i++) {
      const a = t[i].text, c = t[i + 1].text, ac = a + sep + c;
      if (!NAME.test(a) && !NAME.test(c)) continue;
      if (bigrams.get(ac) !== here.get(ac)) continue;
      const middle = between.get(ac);
      if (middle && elsewhere(a + sep + middle.name + sep + c) >= DROPPED_ELSEWHERE) return { kind: 'dropped token', at: t[i + 1].at };
    }
    return brackets.has(line) ? { kind: 'bracket', at: brackets.get(line)! } : undefined;
  });
}

/**
 * Each two neighbouring arguments (when they differ) of the calls on a line, white space reduced to one
 * space, keyed by the callee (the name before the `(`) with the pair in this order and swapped, and the
 * offset of the first.
 */
function argumentPairs(line: string): Array<{ key: string; swapped: string; at: number }> {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
  const out: Array<{ key: string; swapped: string; at: number }> = [];
  for (const m of line.matchAll(ARGUMENT_PAIR)) {
    const a = norm(m[1]), b = norm(m[2]);
    if (a === b) continue;
    const callee = calleeAt(line, m.index);
    if (!callee) continue;
    const at = m.index + 1 + (line.slice(m.index + 1).length - line.slice(m.index + 1).trimStart().length);
    out.push({ key: `${callee}(${a}, ${b}`, swapped: `${callee}(${b}, ${a}`, at });
  }
  return out;
}

/** The name called by the parenthesis open at or before `index` of `line` (undefined for none, or a keyword). */
function calleeAt(line: string, index: number): string | undefined {
  let depth = 0, i = index;
  for (; i >= 0; i--) {
    const c = line[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (i < 0 || line[i] !== '(') return undefined;
  const name = /([A-Za-z_$][\w$]*)\s*$/.exec(line.slice(0, i))?.[1];
  return name && !NOT_CALLEE.has(name) ? name : undefined;
}

/**
 * Lines (indexes, each with the offset of its first bracket at fault) where brackets, matched over the whole
 * file outside quotes, go wrong: a closing bracket of another kind than the innermost open one, when one of
 * its kind is open further out (that line, and the lines of the brackets it skips over, one of which lost its
 * closing bracket), when the file has no more than MISMATCHES_TRUSTED of them. A closing bracket with none of
 * its kind open is let be: shell's `case` patterns (`-h)`) are written so.
 */
export function mismatchedBrackets(lines: readonly string[]): Map<number, number> {
  const wrong = new Map<number, number>();
  const mark = (line: number, at: number) => { if (!wrong.has(line)) wrong.set(line, at); };
  const open: Array<{ bracket: string; line: number; at: number }> = [];
  let events = 0;
  lines.forEach((text, line) => {
    const code = codeOf(text);
    for (let at = 0; at < code.length; at++) {
      const c = code[at];
      if (c === '(' || c === '[' || c === '{') { open.push({ bracket: c, line, at }); continue; }
      const opener = OPENER[c];
      if (!opener) continue;
      if (open.at(-1)?.bracket === opener) { open.pop(); continue; }
      let k = open.length - 1;
      while (k >= 0 && open[k].bracket !== opener) k--;
      if (k < 0) continue;
      events++;
      mark(line, at);
      // The matching one closes here; those above it were left open.
      for (const skipped of open.splice(k).slice(1)) mark(skipped.line, skipped.at);
    }
  });
  // One slip makes one mismatch; more, and it is the reading that fails (a Rust lifetime `'a` taken for a
  // quote, a string over several lines), not the file.
  return events > MISMATCHES_TRUSTED || wrong.size > MISMATCHES_TRUSTED + 1 ? new Map() : wrong;
}
