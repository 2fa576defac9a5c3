// How surprising lines look: a themable background over the whole line with a mark in the overview
// ruler, and a wavy underline under the character the model found most surprising; the hover says what
// the model expected there instead.
import * as vscode from 'vscode';
import type { SurprisingLine } from '../model/lm/surprisingLines';
import type { InconsistencyKind } from '../text/inconsistencies';

export interface Mark {
  /** The line's offsets (its line break excluded), moved by edits like sentiment annotations. */
  start: number;
  end: number;
  /** The most surprising character is at `start + info.column`, `info.length` long (0: the line's end). */
  info: SurprisingLine;
}

export class SurpriseDecorations implements vscode.Disposable {
  private readonly line = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('gruScribe.surprise.lineBackground'),
    overviewRulerColor: new vscode.ThemeColor('gruScribe.surprise.ruler'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  private readonly peak = vscode.window.createTextEditorDecorationType({
    // A theme colour's CSS variable: "gruScribe.surprise.peakUnderline" -> --vscode-gruScribe-surprise-peakUnderline.
    textDecoration: 'underline wavy var(--vscode-gruScribe-surprise-peakUnderline) 1px',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });

  render(editor: vscode.TextEditor, marks: readonly Mark[]): void {
    const doc = editor.document;
    editor.setDecorations(this.line, marks.map((m) => new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end))));
    editor.setDecorations(this.peak, marks.filter((m) => m.info.length > 0)
      .map((m) => new vscode.Range(doc.positionAt(m.start + m.info.column), doc.positionAt(m.start + m.info.column + m.info.length))));
  }

  clear(editor: vscode.TextEditor): void {
    editor.setDecorations(this.line, []);
    editor.setDecorations(this.peak, []);
  }

  dispose(): void {
    this.line.dispose();
    this.peak.dispose();
  }
}

/** `text` as a Markdown code span, whatever backticks it holds. */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return fence.length > 1 || text.startsWith(' ') ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function inconsistencyText(kind: InconsistencyKind): string {
  switch (kind) {
    case 'operator': return vscode.l10n.t('Elsewhere this file has the opposite operator between the same two tokens: swapped?');
    case 'argument order': return vscode.l10n.t('Elsewhere this file has two of these arguments in the other order: swapped?');
    case 'dropped token': return vscode.l10n.t('Two neighbouring tokens here have a token between them in several other places of this file: one left out?');
    case 'bracket': return vscode.l10n.t('A bracket here pairs with one of another kind: one left out?');
  }
}

export function hoverText(info: SurprisingLine): vscode.MarkdownString {
  const parts = [vscode.l10n.t('**Surprising line** — {0} bits per byte, surprise {1}', info.bitsPerByte.toFixed(2), info.surprise.toFixed(1))];
  if (info.lookalike) {
    parts.push(vscode.l10n.t('{0} occurs only here, and {1} is used {2} times in this file: a typo?', code(info.lookalike.word), code(info.lookalike.like), info.lookalike.likeCount));
  }
  if (info.inconsistency) parts.push(inconsistencyText(info.inconsistency));
  const expected = info.expected.map((e) => `${code(e.text)} ${(e.probability * 100).toFixed(0)}%`).join(', ');
  parts.push(vscode.l10n.t('At column {0} the model expected {1} rather than {2}.', info.column + 1, expected, code(info.actual)));
  const md = new vscode.MarkdownString(parts.join('\n\n'));
  md.isTrusted = false;
  return md;
}
