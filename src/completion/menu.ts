// The status bar item's menu: the common actions on completions in one place, and the snooze picker.
import * as vscode from 'vscode';
import { isLanguageEnabled, type CompletionSettings } from './settings';
import { parseSnoozeMinutes, SNOOZE_CHOICES, type Snooze } from './snooze';

interface Action extends vscode.QuickPickItem {
  run(): unknown;
}

/** Asks how long to snooze (5, 15, 60 minutes or a typed number); undefined when the user backs out. */
export async function pickSnoozeMinutes(): Promise<number | undefined> {
  const custom = vscode.l10n.t('Other…');
  const items = [
    ...SNOOZE_CHOICES.map((m) => ({ label: m === 60 ? vscode.l10n.t('1 hour') : vscode.l10n.t('{0} minutes', m), minutes: m })),
    { label: custom, minutes: 0 },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Snooze GRU Scribe completions for') });
  if (!picked) return undefined;
  if (picked.minutes > 0) return picked.minutes;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Snooze GRU Scribe completions for'),
    prompt: vscode.l10n.t('Minutes (1 to 1440)'),
    validateInput: (value) => {
      const parsed = parseSnoozeMinutes(value);
      if (parsed === 'whole') return vscode.l10n.t('Type a whole number of minutes.');
      if (parsed === 'range') return vscode.l10n.t('A snooze lasts from 1 minute to 1440 minutes (a day).');
      return undefined;
    },
  });
  const minutes = typed === undefined ? undefined : parseSnoozeMinutes(typed);
  return typeof minutes === 'number' ? minutes : undefined;
}

/** Snoozes for `minutes` when given (a number), else asks. */
export async function snoozeCommand(snooze: Snooze, minutes?: unknown): Promise<void> {
  const chosen = typeof minutes === 'number' ? minutes : await pickSnoozeMinutes();
  if (chosen !== undefined) snooze.start(chosen);
}

/** Turns completions on or off for one language, in the user's settings. */
export async function toggleLanguage(settings: CompletionSettings, languageId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('gruScribe.completions');
  const languages = { ...config.get<Record<string, boolean>>('languages', {}) };
  languages[languageId] = !isLanguageEnabled(settings, languageId);
  await config.update('languages', languages, vscode.ConfigurationTarget.Global);
}

/** The actions the menu offers now (for the active editor's language, when there is one). */
export function menuActions(settings: CompletionSettings, snooze: Snooze, languageId: string | undefined): Action[] {
  const command = (id: string, ...args: unknown[]) => () => vscode.commands.executeCommand(id, ...args);
  const actions: Action[] = [
    settings.enabled
      ? { label: `$(circle-slash) ${vscode.l10n.t('Turn completions off')}`, run: command('gruScribe.toggleInlineCompletions') }
      : { label: `$(sparkle) ${vscode.l10n.t('Turn completions on')}`, run: command('gruScribe.toggleInlineCompletions') },
    snooze.active
      ? { label: `$(bell) ${vscode.l10n.t('Resume completions now')}`, run: command('gruScribe.resumeCompletions') }
      : { label: `$(bell-slash) ${vscode.l10n.t('Snooze completions…')}`, run: command('gruScribe.snoozeCompletions') },
  ];
  if (languageId) {
    const on = isLanguageEnabled(settings, languageId);
    actions.push({
      label: on ? `$(close) ${vscode.l10n.t('Turn completions off for {0}', languageId)}` : `$(check) ${vscode.l10n.t('Turn completions on for {0}', languageId)}`,
      run: command('gruScribe.toggleCompletionsForLanguage'),
    });
  }
  actions.push(
    { label: `$(graph-line) ${vscode.l10n.t('Show completion statistics')}`, run: command('gruScribe.showStatistics') },
    { label: `$(mortar-board) ${vscode.l10n.t('Open the training panel')}`, run: command('gruScribe.openTrainingPanel') },
    { label: `$(package) ${vscode.l10n.t('Use the bundled model for completions')}`, run: command('gruScribe.useBundledModel') },
  );
  return actions;
}

export async function showCompletionsMenu(settings: CompletionSettings, snooze: Snooze): Promise<void> {
  const languageId = vscode.window.activeTextEditor?.document.languageId;
  const picked = await vscode.window.showQuickPick(menuActions(settings, snooze, languageId), { title: vscode.l10n.t('GRU Scribe completions') });
  await picked?.run();
}
