// One decoration type per class, created once: themable colours (contributes.colors), overview-ruler
// marks, and a distinct underline style per class so the classes differ without colour too.
import * as vscode from 'vscode';
import { labelFor, type SentimentLabel } from '../model/sentiment/classifier';
import type { Annotation, BandOf } from './annotations';
import { labelText } from './labels';

const LABELS: SentimentLabel[] = ['positive', 'neutral', 'negative'];
/** Underline style per class (colour-blind safe; also what tests look for in the editor's DOM). */
const UNDERLINE: Record<SentimentLabel, string> = { positive: 'solid', neutral: 'dotted', negative: 'wavy' };

function color(label: SentimentLabel, part: 'Background' | 'Underline' | 'Ruler'): vscode.ThemeColor {
  return new vscode.ThemeColor(`gruScribe.sentiment.${label}${part}`);
}

/**
 * Above this many labels only those near the visible part are drawn, and drawn again as the editor scrolls:
 * each redraw of ~20,000 sentences cost the workbench's thread 0.1-1 s (measured, docs/BENCHMARKS.md),
 * which a person sees as the editor freezing.
 */
export const FULL_DRAW_LIMIT = 4000;
/** Lines above and below the visible part drawn when only a window is drawn. */
const WINDOW_LINES = 300;

export class SentimentDecorations implements vscode.Disposable {
  private readonly types: Record<SentimentLabel, vscode.TextEditorDecorationType>;
  private readonly ranges = new WeakMap<Annotation, vscode.Range>();

  constructor() {
    this.types = Object.fromEntries(LABELS.map((label) => [label, vscode.window.createTextEditorDecorationType({
      backgroundColor: color(label, 'Background'),
      // A theme colour's CSS variable: "gruScribe.sentiment.positiveUnderline" -> --vscode-gruScribe-sentiment-positiveUnderline.
      textDecoration: `underline ${UNDERLINE[label]} var(--vscode-gruScribe-sentiment-${label}Underline) 1px`,
      overviewRulerColor: label === 'neutral' ? undefined : color(label, 'Ruler'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    })])) as Record<SentimentLabel, vscode.TextEditorDecorationType>;
  }

  /** Draws `annotations` (in document order) in `editor`, each labelled with its model's band. */
  render(editor: vscode.TextEditor, annotations: readonly Annotation[], bandOf: BandOf): void {
    const doc = editor.document;
    const shown = annotations.length > FULL_DRAW_LIMIT ? nearVisible(editor, annotations) : annotations;
    // Plain ranges, not DecorationOptions: VS Code sends them as four numbers each instead of an object per
    // range. Hovers come from a hover provider (see ./index) for the same reason.
    const byLabel: Record<SentimentLabel, vscode.Range[]> = { positive: [], neutral: [], negative: [] };
    for (const a of shown) byLabel[labelFor(a.score, bandOf(a))].push(this.rangeOf(doc, a));
    for (const label of LABELS) editor.setDecorations(this.types[label], byLabel[label]);
  }

  clear(editor: vscode.TextEditor): void {
    for (const label of LABELS) editor.setDecorations(this.types[label], []);
  }

  /**
   * An annotation's range, made once: annotation objects are replaced whenever their offsets change (see
   * followEdits), so a remembered range stays right, and redraws while results stream in reuse them.
   */
  private rangeOf(doc: vscode.TextDocument, a: Annotation): vscode.Range {
    let range = this.ranges.get(a);
    if (!range) {
      range = new vscode.Range(doc.positionAt(a.start), doc.positionAt(a.end));
      this.ranges.set(a, range);
    }
    return range;
  }

  dispose(): void {
    for (const label of LABELS) this.types[label].dispose();
  }
}

export function hoverText(label: SentimentLabel, score: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(vscode.l10n.t('**Sentiment: {0}** — score {1}% (P(positive) + P(neutral) / 2)', labelText(label), (score * 100).toFixed(1)));
  md.isTrusted = false;
  return md;
}

/** The annotations that overlap the visible part of `editor` widened by WINDOW_LINES (binary search). */
function nearVisible(editor: vscode.TextEditor, annotations: readonly Annotation[]): readonly Annotation[] {
  const doc = editor.document;
  const visible = editor.visibleRanges;
  if (visible.length === 0) return [];
  const first = Math.max(0, visible[0].start.line - WINDOW_LINES);
  const last = Math.min(doc.lineCount - 1, visible[visible.length - 1].end.line + WINDOW_LINES);
  const from = doc.offsetAt(new vscode.Position(first, 0));
  const to = doc.offsetAt(doc.lineAt(last).range.end);
  let lo = 0;
  let hi = annotations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (annotations[mid].end <= from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < annotations.length && annotations[end].start < to) end++;
  return annotations.slice(lo, end);
}
