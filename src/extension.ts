// Entry point: wires each feature to VS Code. Activation loads no model; features load theirs on first use.
import { bundleLoadStart } from './activationClock';
import * as vscode from 'vscode';
import { registerCompletions, type CompletionsApi } from './completion/index';
import { registerInside, type InsideApi } from './inside/index';
import { registerTrainingPanel } from './training/index';
import { registerSentiment, type SentimentApi } from './sentiment/index';
import { registerSurprise } from './surprise/index';

/** What the extension exposes to other extensions and to its own integration tests. */
export interface GruScribeApi {
  readonly extensionPath: string;
  /** Milliseconds spent loading the bundle plus running activate() (what VS Code reports as load + activation). */
  readonly activationMs: number;
  readonly completions: CompletionsApi;
  readonly inside: InsideApi;
  readonly sentiment: SentimentApi;
}

/** Everything above has been evaluated by the time this line runs. */
const bundleLoadMs = performance.now() - bundleLoadStart;

export function activate(context: vscode.ExtensionContext): GruScribeApi {
  const activateStart = performance.now();
  const completions = registerCompletions(context);
  registerTrainingPanel(context, completions);
  const sentiment = registerSentiment(context);
  const inside = registerInside(context, completions.worker, sentiment.client);
  registerSurprise(context, completions.worker);
  return { extensionPath: context.extensionPath, activationMs: bundleLoadMs + performance.now() - activateStart, completions, inside, sentiment: sentiment.api };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
