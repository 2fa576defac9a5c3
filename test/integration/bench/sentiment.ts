// Benchmark payload, run inside the extension host by scripts/bench-sentiment-host.mjs (not part of the test
// suite). Analyzes a 1 MB Markdown document several times and records, per run, the longest stall of the
// host's event loop, the time until the visible top is decorated, and the time until every sentence is done.
// With GRU_SCRIBE_BENCH_PROFILE set (a path prefix), each run's analysis is also CPU-profiled on the host's thread.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { GruScribeApi } from '../../../src/extension';
import { largeMarkdown } from '../largeDocument';

interface Result {
  positive: number;
  neutral: number;
  negative: number;
  skipped: number;
  cancelled?: boolean;
  running?: boolean;
  annotations: { start: number; end: number }[];
}

export interface SentimentRun {
  /** Baseline, before any analysis: longest stall while VS Code and its built-in Markdown extension open the document. */
  openStallMs: number;
  sentences: number;
  skipped: number;
  /** Longest event-loop delay of the host's thread while the analysis ran (perf_hooks, 10 ms resolution). */
  maxStallMs: number;
  /** 99th percentile of the same histogram. */
  p99StallMs: number;
  /** From the command until the first labels inside the visible range are known to the host. */
  firstVisibleMs: number;
  /** From the command until it returns: every sentence labelled or skipped. */
  totalMs: number;
  /** Wall-clock (Date.now()) bounds of the opening and of the analysis, to place the workbench's long tasks. */
  openedAt: number;
  analysisStartedAt: number;
  analysisEndedAt: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the host's thread has had no stall over 50 ms for three seconds in a row (at most 40 s), and
 * returns the longest stall seen meanwhile: opening a large Markdown file keeps VS Code's own Markdown
 * extension busy on this thread for a while, in bursts, which is not the analysis's doing.
 */
async function settle(): Promise<number> {
  let worst = 0;
  for (let i = 0, quiet = 0; i < 40 && quiet < 3; i++) {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    await sleep(1000);
    h.disable();
    const max = h.max / 1e6 - 10;
    worst = Math.max(worst, max);
    quiet = max < 50 ? quiet + 1 : 0;
  }
  return worst;
}

/** Takes a CPU profile of this thread while `body` runs; written as a .cpuprofile (Chrome DevTools format). */
async function profiled<T>(path: string | undefined, body: () => Promise<T>): Promise<T> {
  if (!path) return body();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  try {
    return await body();
  } finally {
    const { profile } = await post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  }
}

async function openFile(dir: string, name: string, content: string): Promise<vscode.TextEditor> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  return vscode.window.showTextDocument(doc);
}

async function measure(editor: vscode.TextEditor, openStallMs: number, openedAt: number): Promise<SentimentRun> {
  const uri = editor.document.uri;
  const doc = editor.document;
  const visible = editor.visibleRanges.map((r) => [doc.offsetAt(r.start), doc.offsetAt(r.end)]);
  const inView = (a: { start: number; end: number }) => visible.some(([p, q]) => a.start < q && a.end > p);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const analysisStartedAt = Date.now();
  const started = performance.now();
  let finished = false;
  const pending = Promise.resolve(vscode.commands.executeCommand<Result>('gruScribe.analyzeSentiment', uri)).finally(() => { finished = true; });
  let firstVisibleMs = NaN;
  while (!finished) {
    const r: Result | undefined = vscode.extensions.getExtension<GruScribeApi>('gru-scribe.gru-scribe')!.exports.sentiment.annotations(uri);
    if (r?.annotations.some(inView)) {
      firstVisibleMs = performance.now() - started;
      break;
    }
    await sleep(25);
  }
  const r = await pending;
  const totalMs = performance.now() - started;
  const analysisEndedAt = Date.now();
  histogram.disable();
  if (Number.isNaN(firstVisibleMs)) firstVisibleMs = totalMs;
  if (r.cancelled) throw new Error('the analysis was cancelled');
  return {
    openStallMs,
    openedAt,
    analysisStartedAt,
    analysisEndedAt,
    sentences: r.positive + r.neutral + r.negative,
    skipped: r.skipped,
    maxStallMs: histogram.max / 1e6 - 10,
    p99StallMs: histogram.percentile(99) / 1e6 - 10,
    firstVisibleMs,
    totalMs,
  };
}

export async function run(): Promise<void> {
  const out = process.env.GRU_SCRIBE_BENCH_OUT;
  if (!out) throw new Error('GRU_SCRIBE_BENCH_OUT is not set');
  const runs = Number(process.env.GRU_SCRIBE_BENCH_RUNS ?? 5);
  await vscode.extensions.getExtension('gru-scribe.gru-scribe')!.activate();
  const config = vscode.workspace.getConfiguration('gruScribe.sentiment');
  // Re-analysis after edits is not what is measured here.
  await config.update('reanalyzeOnEdit', false, vscode.ConfigurationTarget.Global);
  const dir = mkdtempSync(join(tmpdir(), 'gru-sentiment-bench-'));
  const results: SentimentRun[] = [];
  try {
    // Warm-up: starts the worker and loads the model, which is not what is measured.
    const warm = await openFile(dir, 'warm-up.md', 'A fine day. A dull evening.\n');
    await vscode.commands.executeCommand('gruScribe.analyzeSentiment', warm.document.uri);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      // A new file and other sentences each run: nothing from the previous analysis is reused.
      const { text } = largeMarkdown(1_000_000, i + 1);
      bytes = Buffer.byteLength(text);
      const openedAt = Date.now();
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      const editor = await openFile(dir, `large-${i}.md`, text);
      editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
      const settled = await settle();
      histogram.disable();
      const openStallMs = Math.max(settled, histogram.max / 1e6 - 10);
      const prefix = process.env.GRU_SCRIBE_BENCH_PROFILE;
      const profile = prefix ? `${prefix}-${i + 1}.cpuprofile` : undefined;
      results.push(await profiled(profile, () => measure(editor, openStallMs, openedAt)));
      console.log(`sentiment bench run ${i + 1}/${runs}: ${JSON.stringify(results[results.length - 1])}`);
      await vscode.commands.executeCommand('gruScribe.clearSentiment', editor.document.uri);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await sleep(500);
    }
    writeFileSync(out, JSON.stringify({ runs: results, bytes }));
  } finally {
    await config.update('reanalyzeOnEdit', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  }
}
