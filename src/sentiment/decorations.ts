// One decoration type per class, created once: themable colours (contributes.colors), overview-ruler
// marks, and a distinct underline style per class so the classes differ without colour too.
import * as vscode from 'vscode';
import { labelFor, type SentimentLabel } from '../model/sentiment/classifier';
import type { Annotation } from './annotations';
import { labelText } from './labels';

const LABELS: SentimentLabel[] = ['positive', 'neutral', 'negative'];
/** Underline style per class (colour-blind safe; also what tests look for in the editor's DOM). */
const UNDERLINE: Record<SentimentLabel, string> = { positive: 'solid', neutral: 'dotted', negative: 'wavy' };

function color(label: SentimentLabel, part: 'Background' | 'Underline' | 'Ruler'): vscode.ThemeColor {
  return new vscode.ThemeColor(`gruScribe.sentiment.${label}${part}`);
}

export class SentimentDecorations implements vscode.Disposable {
  private readonly types: Record<SentimentLabel, vscode.TextEditorDecorationType>;

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

  /** Draws `annotations` in `editor`, labelled with `band`. */
  render(editor: vscode.TextEditor, annotations: readonly Annotation[], band: readonly [number, number]): void {
    const byLabel: Record<SentimentLabel, vscode.DecorationOptions[]> = { positive: [], neutral: [], negative: [] };
    const doc = editor.document;
    for (const a of annotations) {
      const label = labelFor(a.score, band);
      // Hovers come from a hover provider (see ./index): thousands of hover texts would be sent on every redraw.
      byLabel[label].push({ range: new vscode.Range(doc.positionAt(a.start), doc.positionAt(a.end)) });
    }
    for (const label of LABELS) editor.setDecorations(this.types[label], byLabel[label]);
  }

  clear(editor: vscode.TextEditor): void {
    for (const label of LABELS) editor.setDecorations(this.types[label], []);
  }

  dispose(): void {
    for (const label of LABELS) this.types[label].dispose();
  }
}

export function hoverText(label: SentimentLabel, score: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(vscode.l10n.t('**Sentiment: {0}** — probability of positive {1}%', labelText(label), (score * 100).toFixed(1)));
  md.isTrusted = false;
  return md;
}
