// Benchmark payload, run inside the extension host by scripts/bench-memory.mjs (not part of the test suite).
// Measures the extension host's memory with one document open: with GRU_SCRIBE_BENCH_MODE=empty in a host where
// GRU Scribe is not installed; otherwise with GRU Scribe loaded, first idle, then after a completion and an
// analysis (both models loaded), the host's process and heap and each of the extension's worker threads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import workerThreads from 'node:worker_threads';
import * as vscode from 'vscode';
import type { GruScribeApi } from '../../../src/extension';
import { largeMarkdown } from '../largeDocument';

export interface HostMemory {
  rss: number;
  /** From /proc/self/status: resident anonymous memory (heaps, wasm memories) and resident mapped files (code). */
  rssAnon: number;
  rssFile: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}
export interface WorkerMemory { script: string; heapUsed: number; heapTotal: number; externalMemory: number }
export interface MemorySample { label: string; host: HostMemory; workers: WorkerMemory[] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The host's garbage collector, reached without restarting the host with --expose-gc. */
export function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function statusKb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export function hostMemory(): HostMemory {
  const m = process.memoryUsage();
  return {
    rss: m.rss, rssAnon: statusKb('RssAnon'), rssFile: statusKb('RssFile'),
    heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers,
  };
}

/** Worker threads started after this is called, so their heaps can be read (Worker#getHeapStatistics, Node 24). */
export function trackWorkers(): () => Promise<WorkerMemory[]> {
  const started: { script: string; worker: workerThreads.Worker }[] = [];
  const Original = workerThreads.Worker;
  workerThreads.Worker = class TrackedWorker extends Original {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      super(filename, options);
      started.push({ script: String(filename), worker: this });
      this.once('exit', () => started.splice(started.findIndex((s) => s.worker === this), 1));
    }
  };
  return async () => Promise.all(started.map(async ({ script, worker }) => {
    const s = await (worker as unknown as { getHeapStatistics(): Promise<v8.HeapInfo> }).getHeapStatistics();
    return { script: script.split(/[\\/]/).pop()!, heapUsed: s.used_heap_size, heapTotal: s.total_heap_size, externalMemory: s.external_memory };
  }));
}

/** Lets the host settle and collects garbage, so a sample shows what stays, not what is in flight. */
async function settle(gc: () => void): Promise<void> {
  await sleep(3000);
  gc();
  await sleep(500);
  gc();
}

export async function run(): Promise<void> {
  const out = process.env.GRU_SCRIBE_BENCH_OUT;
  if (!out) throw new Error('GRU_SCRIBE_BENCH_OUT is not set');
  const empty = process.env.GRU_SCRIBE_BENCH_MODE === 'empty';
  const gc = collector();
  const readWorkers = trackWorkers();
  const samples: MemorySample[] = [];
  const sample = async (label: string) => {
    await settle(gc);
    samples.push({ label, host: hostMemory(), workers: await readWorkers() });
    console.log(`memory bench: ${label}: rss ${(samples[samples.length - 1].host.rss / 1e6).toFixed(1)} MB`);
  };
  const extension = vscode.extensions.getExtension<GruScribeApi>('gru-scribe.gru-scribe');
  if (empty === Boolean(extension)) throw new Error(empty ? 'GRU Scribe is loaded in the "empty" host' : 'GRU Scribe is not loaded');
  const api = await extension?.activate();
  // One document, a few pages of prose, saved in the workspace.
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const path = join(folder, 'memory-bench.md');
  writeFileSync(path, largeMarkdown(20_000, 7).text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  const editor = await vscode.window.showTextDocument(doc);
  await sample(empty ? 'empty host, one document open' : 'GRU Scribe loaded, one document open, nothing asked yet');
  if (api) {
    const end = doc.positionAt(doc.getText().length);
    editor.selection = new vscode.Selection(end, end);
    const items = await api.completions.provider.provideInlineCompletionItems(doc, end,
      { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined }, new vscode.CancellationTokenSource().token);
    console.log(`memory bench: completion ${JSON.stringify(items?.[0]?.insertText)}`);
    await sample('after a completion');
    const r = await vscode.commands.executeCommand<{ positive: number; neutral: number; negative: number }>('gruScribe.analyzeSentiment', doc.uri);
    console.log(`memory bench: analysis labelled ${r.positive + r.neutral + r.negative} sentences`);
    await sample('after a completion and an analysis');
  }
  writeFileSync(out, JSON.stringify({ samples, node: process.version }));
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}
