// The `gruScribe.sentiment.*` settings.
import * as vscode from 'vscode';

export interface SentimentSettings {
  /** [low, high] of P(positive) shown as neutral; undefined: the band that came with the model. */
  neutralBand: [number, number] | undefined;
  reanalyzeOnEdit: boolean;
  reanalyzeDelayMs: number;
}

export function readSentimentSettings(): SentimentSettings {
  const c = vscode.workspace.getConfiguration('gruScribe.sentiment');
  const band = c.get<unknown>('neutralBand');
  const valid = Array.isArray(band) && band.length === 2 && band.every((x) => typeof x === 'number' && x >= 0 && x <= 1) && band[0] <= band[1];
  return {
    neutralBand: valid ? [band[0], band[1]] : undefined,
    reanalyzeOnEdit: c.get<boolean>('reanalyzeOnEdit', true),
    reanalyzeDelayMs: Math.max(100, c.get<number>('reanalyzeDelay', 800)),
  };
}
