// The status bar item: which model completions use and what they are doing, and a snooze under way; a
// click opens the menu of actions (./menu.ts).
import * as vscode from 'vscode';
import type { ModelKind } from './worker/protocol';

export type CompletionState = 'ready' | 'computing' | 'off' | 'error';

const ICONS: Record<CompletionState, string> = {
  ready: '$(sparkle)',
  computing: '$(loading~spin)',
  off: '$(circle-slash)',
  error: '$(warning)',
};

function stateText(state: CompletionState): string {
  switch (state) {
    case 'ready': return vscode.l10n.t('ready');
    case 'computing': return vscode.l10n.t('computing');
    case 'off': return vscode.l10n.t('off');
    case 'error': return vscode.l10n.t('error');
  }
}

export class CompletionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gruScribe.completions', vscode.StatusBarAlignment.Right, 100);
  private state: CompletionState = 'ready';
  private kind: ModelKind = 'bundled';
  private detail = '';
  private problem = '';
  private editorInlineSuggestOff = false;
  /** While completions are snoozed: when the snooze ends, and the whole minutes left. */
  private snoozed: { until: number; minutesLeft: number } | undefined;
  private learning = true;

  constructor() {
    this.item.name = vscode.l10n.t('GRU Scribe Completions');
    this.item.command = 'gruScribe.showCompletionsMenu';
    this.readEditorSetting();
    this.item.show();
  }

  get current(): { state: CompletionState; kind: ModelKind; text: string; snoozedUntil?: number; tooltip: string } {
    return { state: this.state, kind: this.kind, text: this.item.text, snoozedUntil: this.snoozed?.until, tooltip: String(this.item.tooltip ?? '') };
  }

  /** Shows a snooze under way (called again each minute to count down), or its end (undefined). */
  setSnooze(snoozed: { until: number; minutesLeft: number } | undefined): void {
    this.snoozed = snoozed;
    this.render();
  }

  setState(state: CompletionState, problem = ''): void {
    if (state === this.state && problem === this.problem) return;
    this.state = state;
    this.problem = problem;
    this.render();
  }

  setModel(kind: ModelKind, detail: string): void {
    this.kind = kind;
    this.detail = detail;
    this.render();
  }

  /** Whether the model learns from each document (gruScribe.completions.learnFromDocument), shown in the tooltip. */
  setLearning(on: boolean): void {
    if (on === this.learning) return;
    this.learning = on;
    this.render();
  }

  /** Notes in the tooltip when the editor's own inline suggestions are off (then nothing shows, whatever we do). */
  readEditorSetting(): void {
    this.editorInlineSuggestOff = !vscode.workspace.getConfiguration('editor').get<boolean>('inlineSuggest.enabled', true);
    this.render();
  }

  private render(): void {
    const label = this.kind === 'fine-tuned' ? vscode.l10n.t('fine-tuned') : vscode.l10n.t('bundled');
    this.item.text = this.snoozed
      ? `$(bell-slash) GRU ${vscode.l10n.t('snoozed, {0} min', this.snoozed.minutesLeft)}`
      : `${ICONS[this.state]} GRU ${label}`;
    this.item.backgroundColor = this.state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const lines = [
      vscode.l10n.t('GRU Scribe completions: {0}', stateText(this.state)),
      this.detail ? vscode.l10n.t('Model: {0} ({1})', label, this.detail) : vscode.l10n.t('Model: {0}', label),
    ];
    if (this.snoozed) {
      const until = new Date(this.snoozed.until).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
      lines.push(vscode.l10n.t('Snoozed until {0}.', until));
    }
    lines.push(this.learning
      ? vscode.l10n.t('Learns from each document as it reads it: on')
      : vscode.l10n.t('Learns from each document as it reads it: off (gruScribe.completions.learnFromDocument)'));
    if (this.problem) lines.push(this.problem);
    if (this.editorInlineSuggestOff) {
      lines.push(vscode.l10n.t('Inline suggestions are turned off in the editor (editor.inlineSuggest.enabled).'));
    }
    lines.push(vscode.l10n.t('Click for the menu: turn off or on, snooze, statistics, training.'));
    this.item.tooltip = lines.join('\n');
    this.item.accessibilityInformation = { label: lines.slice(0, 2).join('. ') };
  }

  dispose(): void {
    this.item.dispose();
  }
}
