// Benchmark payload, run inside the extension host by scripts/bench-completions.mjs (not part of the test
// suite). Types into a document one character at a time the way VS Code asks for completions and records,
// per keystroke, this extension's time on the host's thread and each request's latency.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { GruScribeApi } from '../../../src/extension';
import { collector } from './memory';

const CONTEXT = [
  '# Notes from the planning meeting',
  '',
  'We met on Tuesday to talk about the next release. Everyone agreed that the first thing a user sees',
  'should be fast and quiet: suggestions that appear while typing, and disappear as soon as they are not wanted.',
  'The team will write down what was measured, and how, so that the numbers can be checked later.',
  '',
].join('\n');
/** Typed after the context, character by character: text the model does not know in advance (cache misses). */
const TYPED = 'After lunch we went back to the office and looked at the results of the last week. The figures were better than expected, ';

interface Sample { outcome: string; mainThreadMs: number; latencyMs: number; editHandlerMs: number; editRoundtripMs: number; fedBytes: number; workerMs: number }

export async function run(): Promise<void> {
  const out = process.env.GRU_SCRIBE_BENCH_OUT;
  if (!out) throw new Error('GRU_SCRIBE_BENCH_OUT is not set');
  const api = (await vscode.extensions.getExtension<GruScribeApi>('gru-scribe.gru-scribe')!.activate()).completions;
  const config = vscode.workspace.getConfiguration('gruScribe.completions');
  // The debounce is a pause chosen by the user; latency is measured without it.
  await config.update('debounceMs', 0, vscode.ConfigurationTarget.Global);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: CONTEXT }));
  const automatic = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined };
  const samples: Sample[] = [];
  let source = new vscode.CancellationTokenSource();

  const keystroke = async (ch: string): Promise<vscode.InlineCompletionItem[] | undefined> => {
    const doc = editor.document;
    const endPos = doc.positionAt(doc.getText().length);
    const t0 = performance.now();
    await editor.edit((e) => e.insert(endPos, ch), { undoStopBefore: false, undoStopAfter: false });
    const editRoundtripMs = performance.now() - t0;
    const position = doc.positionAt(doc.getText().length);
    editor.selection = new vscode.Selection(position, position);
    source.cancel();
    source = new vscode.CancellationTokenSource();
    const items = (await api.provider.provideInlineCompletionItems(doc, position, automatic, source.token)) as vscode.InlineCompletionItem[] | undefined;
    const r = api.requestLog.last!;
    const editHandlerMs = api.requestLog.editCosts[api.requestLog.editCosts.length - 1] ?? 0;
    samples.push({
      outcome: r.outcome, mainThreadMs: r.mainThreadMs, latencyMs: r.latencyMs, editHandlerMs, editRoundtripMs,
      fedBytes: r.timings?.fedBytes ?? 0, workerMs: (r.timings?.feedMs ?? 0) + (r.timings?.generateMs ?? 0),
    });
    return items;
  };

  try {
    // Warm-up: loads the model and reads the context once.
    await keystroke(' ');
    for (let round = 0; round < 3; round++) {
      // Typing text the model did not suggest: each keystroke is a cache miss.
      for (const ch of TYPED) await keystroke(ch);
      // Typing along what is suggested: each keystroke after the first is a cache hit.
      for (let accepted = 0; accepted < 40;) {
        const items = await keystroke(' ');
        const suggestion = items?.[0]?.insertText as string | undefined;
        if (!suggestion) { accepted++; continue; }
        for (const ch of suggestion) { await keystroke(ch); accepted++; }
      }
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    writeFileSync(out, JSON.stringify({ samples, model: api.modelInfo(), ...(await largeDocuments(api)) }));
  } finally {
    await config.update('debounceMs', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

const invoke = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };

/**
 * The host thread's time per request in a 4.4 MB document (only the text near the cursor is copied), and
 * the host heap's growth over 21 requests on a 1 MB minified line (each is skipped without copying the line).
 */
async function largeDocuments(api: GruScribeApi['completions']): Promise<{ hugeFileMainThreadMs: number[]; minifiedHeapGrowth: number }> {
  const ask = async (editor: vscode.TextEditor, position: vscode.Position) => {
    editor.selection = new vscode.Selection(position, position);
    await api.provider.provideInlineCompletionItems(editor.document, position, invoke, new vscode.CancellationTokenSource().token);
    return api.requestLog.last!;
  };
  const open = async (content: string, language: string) =>
    vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }));
  const endOf = (editor: vscode.TextEditor) => editor.document.positionAt(editor.document.getText().length);

  const line = 'Another line of a very long log file, with a number 12345 and some words.\n';
  const huge = await open(line.repeat(60_000), 'plaintext');
  const hugeFileMainThreadMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    for (const position of [endOf(huge), new vscode.Position(30_000 + i, 7), new vscode.Position(30_000 + i, line.length - 1)]) {
      hugeFileMainThreadMs.push((await ask(huge, position)).mainThreadMs);
    }
  }
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

  const gc = collector();
  const unit = 'var a=1;function b(c){return c+1}';
  const minified = await open(unit.repeat(31_000), 'javascript');
  const places = Array.from({ length: 20 }, (_, i) => new vscode.Position(0, (i * 1600 + 1) * unit.length - 2)).concat(endOf(minified));
  gc();
  const before = process.memoryUsage().heapUsed;
  for (const position of places) await ask(minified, position);
  gc();
  const minifiedHeapGrowth = process.memoryUsage().heapUsed - before;
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return { hugeFileMainThreadMs, minifiedHeapGrowth };
}
