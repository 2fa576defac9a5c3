// Balanced brackets and quotes. A suggestion may close what the line opened before the cursor, but it
// must not close something that was never opened, close what the text after the cursor already closes,
// or stop with a bracket or quote of its own still open.

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);
const QUOTES = new Set(['"', "'", '`']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

interface Open {
  /** The character that closes it. */
  closer: string;
  /** Opened by the suggestion (true) or by the text before the cursor (false). */
  own: boolean;
}

/** An apostrophe (don't, it's) rather than a quote: a single quote right after a letter or digit. */
function isApostrophe(ch: string, previous: string): boolean {
  return ch === "'" && previous !== '' && LETTER_OR_DIGIT.test(previous);
}

/** Tracks brackets and strings across text; the stack's top is the innermost open thing. */
class Nesting {
  readonly stack: Open[] = [];
  private escaped = false;
  private previous = '';

  get inString(): string | null {
    const top = this.stack[this.stack.length - 1];
    return top && QUOTES.has(top.closer) ? top.closer : null;
  }

  get ownDepth(): number {
    return this.stack.filter((o) => o.own).length;
  }

  /**
   * Reads one character. Returns 'ok', 'stray' for a closer that does not match what is open,
   * or 'closesBefore' when it closes something opened before the cursor (the caller decides).
   */
  read(ch: string, own: boolean): 'ok' | 'stray' | 'closesBefore' {
    const previous = this.previous;
    this.previous = ch;
    const quote = this.inString;
    if (quote !== null) {
      if (this.escaped) { this.escaped = false; return 'ok'; }
      if (ch === '\\') { this.escaped = true; return 'ok'; }
      if (ch === quote) return this.close(own);
      if (ch === '\n' && quote !== '`') return 'stray'; // ' and " strings end at the line end
      return 'ok';
    }
    if (ch in OPENERS) { this.stack.push({ closer: OPENERS[ch], own }); return 'ok'; }
    if (QUOTES.has(ch) && !isApostrophe(ch, previous)) { this.stack.push({ closer: ch, own }); return 'ok'; }
    if (CLOSERS.has(ch)) {
      const top = this.stack[this.stack.length - 1];
      if (!top || top.closer !== ch) return 'stray';
      return this.close(own);
    }
    return 'ok';
  }

  private close(own: boolean): 'ok' | 'closesBefore' {
    const top = this.stack[this.stack.length - 1];
    if (own && !top.own) return 'closesBefore';
    this.stack.pop();
    return 'ok';
  }

  /** Commits a 'closesBefore' the caller accepted. */
  popBefore(): void {
    this.stack.pop();
  }
}

/**
 * The longest start of `suggestion` that keeps brackets and quotes balanced, given the line's text
 * before the cursor (`linePrefix`) and after it (`lineSuffix`).
 */
export function balanceBrackets(suggestion: string, linePrefix: string, lineSuffix: string): string {
  const nesting = new Nesting();
  // Unbalanced text before the cursor (a stray closer in a comment, say) should not block suggestions.
  for (const ch of linePrefix) if (nesting.read(ch, false) === 'stray') nesting.stack.length = 0;
  const suffixStart = lineSuffix.trimStart()[0] ?? '';
  let balancedEnd = 0;
  let i = 0;
  for (const ch of suggestion) {
    const verdict = nesting.read(ch, true);
    if (verdict === 'stray') break;
    if (verdict === 'closesBefore') {
      // The text after the cursor already closes it: the suggestion ends here.
      if (ch === suffixStart) break;
      nesting.popBefore();
    }
    i += ch.length;
    if (nesting.ownDepth === 0) balancedEnd = i;
  }
  return suggestion.slice(0, balancedEnd);
}
