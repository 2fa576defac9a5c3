// Soak payload, run inside the extension host by scripts/bench-soak.mjs (not part of the test suite): random
// edits — typing, deletions, pastes of up to 100 KB, undo — across five documents (prose, code, Chinese), switching
// among them, with completions asked for after each typed character (the previous request cancelled, as the editor
// does) and sentiment annotations on every document, re-analysed as edits pause. Records every completion
// request and its fate, every error, and memory samples along the way. With GRU_SCRIBE_BENCH_BASELINE=1 the same
// edits are made with completions turned off and no annotations: what the editor itself costs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { mulberry32 } from '../../../src/model/lm/sampler';
import type { GruScribeApi } from '../../../src/extension';
import { largeMarkdown } from '../largeDocument';
import { collector, hostMemory, trackWorkers, type HostMemory, type WorkerMemory } from './memory';

interface SoakSample { edits: number; seconds: number; host: HostMemory; workers: WorkerMemory[]; lmDocuments: number; lmSnapshots: number; tensors: number }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CHINESE = ['今天的天气很好，我们一起去公园散步。', '这部电影的故事很感人，演员的表演也非常自然。', '会议讨论了下一个版本的计划和时间表。',
  '他在图书馆里读了一下午的书，直到天黑才回家。', '这个函数返回一个新的数组，原来的数组不会改变。', '我们需要更多的测试来确认这个问题已经解决了。'];
const WORDS = ['the', 'model', 'value', 'return', 'function', 'weather', 'river', 'and', 'quickly', 'result', 'const', 'if', '数据', '模型', '测试'];

/** The five documents: prose (Markdown and plain text), code (TypeScript from this repository, Python) and Chinese. */
function documents(extensionPath: string, random: () => number): Record<string, string> {
  const ts = ['src/completion/provider.ts', 'src/sentiment/index.ts', 'src/training/controller.ts']
    .map((p) => readFileSync(join(extensionPath, ...p.split('/')), 'utf8')).join('\n');
  const py = Array.from({ length: 300 }, (_, i) => `def step_${i}(values, scale=${i % 7 + 1}):\n    """Scales the values."""\n    return [v * scale for v in values if v > ${i % 5}]\n`).join('\n');
  const zh = Array.from({ length: 600 }, () => CHINESE[Math.floor(random() * CHINESE.length)]).join('') + '\n';
  return {
    'review.md': largeMarkdown(40_000, 3).text,
    'notes.txt': largeMarkdown(20_000, 5).text.replace(/[#`*-]/g, ''),
    'provider.ts': ts,
    'steps.py': py,
    'chinese.md': zh,
  };
}

export async function run(): Promise<void> {
  const out = process.env.GRU_SCRIBE_BENCH_OUT;
  if (!out) throw new Error('GRU_SCRIBE_BENCH_OUT is not set');
  const totalEdits = Number(process.env.GRU_SCRIBE_BENCH_EDITS ?? 10_000);
  const sampleEvery = Math.max(50, Math.round(totalEdits / 40));
  const random = mulberry32(Number(process.env.GRU_SCRIBE_BENCH_SEED ?? 1));
  const pick = (n: number) => Math.floor(random() * n);
  const readWorkers = trackWorkers();
  const gc = collector();
  const api = (await vscode.extensions.getExtension<GruScribeApi>('gru-scribe.gru-scribe')!.activate());
  const provider = api.completions.provider;
  const baseline = process.env.GRU_SCRIBE_BENCH_BASELINE === '1';
  await vscode.workspace.getConfiguration('gruScribe.sentiment').update('reanalyzeDelay', 200, vscode.ConfigurationTarget.Global);
  if (baseline) await vscode.workspace.getConfiguration('gruScribe.completions').update('enabled', false, vscode.ConfigurationTarget.Global);

  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const texts = documents(api.extensionPath, random);
  const pastePool = Object.values(texts).join('\n');
  const docs: vscode.TextDocument[] = [];
  for (const [name, text] of Object.entries(texts)) {
    writeFileSync(join(folder, name), text);
    docs.push(await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, name))));
  }

  const errors: string[] = [];
  const requests = { sent: 0, answered: 0, answeredWithText: 0, cancelled: 0, failed: 0 };
  const pending = new Set<Promise<unknown>>();
  const analyses = { sent: 0, finished: 0, cancelled: 0 };
  let source = new vscode.CancellationTokenSource();
  const automatic = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined };

  /** Asks for a completion at the cursor as the editor does after a keystroke, cancelling the previous request. */
  const ask = (editor: vscode.TextEditor): Promise<unknown> => {
    if (baseline) return Promise.resolve();
    source.cancel();
    source.dispose();
    source = new vscode.CancellationTokenSource();
    const token = source.token;
    requests.sent++;
    const p = Promise.resolve(provider.provideInlineCompletionItems(editor.document, editor.selection.active, automatic, token)).then(
      (items) => {
        if (token.isCancellationRequested) requests.cancelled++;
        else { requests.answered++; if ((items as vscode.InlineCompletionItem[] | undefined)?.length) requests.answeredWithText++; }
      },
      (e: unknown) => { requests.failed++; errors.push(`completion: ${(e as Error)?.message ?? e}`); },
    ).finally(() => pending.delete(p));
    pending.add(p);
    return p;
  };

  const analyze = (doc: vscode.TextDocument) => {
    analyses.sent++;
    return Promise.resolve(vscode.commands.executeCommand<{ cancelled?: boolean }>('gruScribe.analyzeSentiment', doc.uri)).then(
      (r) => { if (r?.cancelled) analyses.cancelled++; else analyses.finished++; },
      (e: unknown) => { errors.push(`analysis: ${(e as Error)?.message ?? e}`); },
    );
  };

  let editor = await vscode.window.showTextDocument(docs[0]);
  // Annotations on in every document (each shown once, as a person would before editing it).
  for (const doc of docs) {
    editor = await vscode.window.showTextDocument(doc);
    if (!baseline) await analyze(doc);
  }

  const samples: SoakSample[] = [];
  const started = performance.now();
  const takeSample = async (edits: number) => {
    await Promise.all(pending);
    // The host's heap after a collection: what stays, not the garbage of the last edits.
    gc();
    const stats = baseline ? { documents: 0, snapshots: 0, tensors: 0 } : await api.completions.workerStats();
    samples.push({ edits, seconds: (performance.now() - started) / 1000, host: hostMemory(), workers: await readWorkers(),
      lmDocuments: stats.documents, lmSnapshots: stats.snapshots, tensors: stats.tensors });
    const s = samples[samples.length - 1];
    console.log(`soak: ${edits} edits, ${s.seconds.toFixed(0)} s, host heap ${(s.host.heapUsed / 1e6).toFixed(1)} MB, rss ${(s.host.rss / 1e6).toFixed(1)} MB, ` +
      `workers ${s.workers.map((w) => `${w.script} ${(w.heapUsed / 1e6).toFixed(1)} MB`).join(', ')}; requests ${JSON.stringify(requests)}; errors ${errors.length}`);
  };

  const cursorTo = (offset: number) => {
    const p = editor.document.positionAt(offset);
    editor.selection = new vscode.Selection(p, p);
  };
  const edit = (change: (b: vscode.TextEditorEdit) => void) => editor.edit(change, { undoStopBefore: true, undoStopAfter: true }).then((ok) => {
    if (!ok) errors.push('an edit was not applied');
  });

  await takeSample(0);
  let edits = 0;
  const counts = { typed: 0, deletions: 0, pastes: 0, undos: 0, switches: 0, pauses: 0 };
  while (edits < totalEdits) {
    const doc = editor.document;
    const length = doc.getText().length;
    const kind = random();
    if (kind < 0.05) {
      // Another document comes to the front.
      editor = await vscode.window.showTextDocument(docs[pick(docs.length)]);
      counts.switches++;
      continue;
    }
    if (kind < 0.5) {
      // Typing a word (and a space), one character at a time, a completion asked after each: mostly at the end
      // of a line, as when writing, sometimes anywhere.
      if (random() < 0.7) cursorTo(doc.offsetAt(doc.lineAt(pick(doc.lineCount)).range.end));
      else cursorTo(pick(length + 1));
      const word = `${WORDS[pick(WORDS.length)]} `;
      for (const ch of word) {
        if (edits >= totalEdits) break;
        await edit((b) => b.insert(editor.selection.active, ch));
        edits++;
        counts.typed++;
        void ask(editor);
        if (edits % sampleEvery === 0) await takeSample(edits);
      }
      // Now and then a pause: the completion is waited for, and annotations are re-analysed after the delay.
      if (random() < 0.08) {
        await Promise.all(pending);
        if (random() < 0.3) await sleep(400);
        counts.pauses++;
      }
      continue;
    }
    if (kind < 0.75 || length > 400_000) {
      // Deleting a range: mostly short, sometimes a large block (and always when the document has grown large).
      const span = length > 400_000 ? 100_000 + pick(100_000) : random() < 0.9 ? 1 + pick(40) : 1 + pick(20_000);
      const start = pick(Math.max(1, length - span));
      await edit((b) => b.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(Math.min(length, start + span)))));
      counts.deletions++;
    } else if (kind < 0.88) {
      // Pasting up to 100 KB taken from the five documents.
      const size = random() < 0.7 ? 1 + pick(2_000) : 1 + pick(100_000);
      const from = pick(Math.max(1, pastePool.length - size));
      cursorTo(pick(length + 1));
      await edit((b) => b.insert(editor.selection.active, pastePool.slice(from, from + size)));
      counts.pastes++;
    } else {
      await vscode.commands.executeCommand('undo');
      counts.undos++;
    }
    edits++;
    void ask(editor);
    if (edits % sampleEvery === 0) await takeSample(edits);
  }
  await Promise.all(pending);
  source.cancel();
  // The annotations: let the last re-analyses run, then every document must have labels and nothing running.
  await sleep(3000);
  const annotations: { name: string; labelled: number; running: boolean }[] = [];
  for (const doc of docs) {
    for (let i = 0; i < 60; i++) {
      const r = api.sentiment.annotations(doc.uri);
      if (!r?.running) { annotations.push({ name: doc.uri.path.split('/').pop()!, labelled: r?.annotations.length ?? -1, running: false }); break; }
      await sleep(500);
      if (i === 59) annotations.push({ name: doc.uri.path.split('/').pop()!, labelled: r.annotations.length, running: true });
    }
  }
  await takeSample(edits);
  const outcomes: Record<string, number> = {};
  for (const r of api.completions.requestLog.requests) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  writeFileSync(out, JSON.stringify({
    baseline, edits, counts, requests, unanswered: requests.sent - requests.answered - requests.cancelled - requests.failed,
    analyses, annotations, errors, samples, state: api.completions.status().state, recentOutcomes: outcomes, node: process.version,
  }));
  for (const doc of docs) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.workspace.getConfiguration('gruScribe.sentiment').update('reanalyzeDelay', undefined, vscode.ConfigurationTarget.Global);
  if (baseline) await vscode.workspace.getConfiguration('gruScribe.completions').update('enabled', undefined, vscode.ConfigurationTarget.Global);
}
