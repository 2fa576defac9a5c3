// "Look Inside the Model" speed with the bundled model: a fresh 4 KB window (the worker's whole update:
// model steps, unit statistics, signals), an edit near the cursor (read again from the edit on), a
// character's details, and the extension host's share of an update (choosing the window, slicing the
// text, the message it posts), and a fresh window as the first one a process reads (its code not yet
// optimized: the panel's first window), each in a process of its own. The webview's drawing is measured by
// bench-inside-draw and printed by the UI test (test/ui/inside.test.ts).
//   node out/scripts/bench-inside.js [--runs N] [--cold N]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/model/backend';
import { InsideView } from '../src/model/inside/view';
import { createDecoder } from '../src/model/lm/decoder';
import { loadLanguageModel } from '../src/model/lm/io';
import { chooseWindow, type WindowSource } from '../src/inside/window';

const root = join(__dirname, '..', '..');

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function time(runs: number, f: (i: number) => void): { p50: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    f(i);
    if (i >= 2) times.push(performance.now() - t0);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

const samples: [string, string][] = [
  ['TypeScript (this repository)', ['src/model/lm/decoder.ts', 'src/model/inside/trace.ts'].map((f) => readFileSync(join(root, ...f.split('/')), 'utf8')).join('\n')],
  ['Chinese prose (samples/notes-zh.md and welcome-zh.md, repeated)', ['samples/notes-zh.md', 'samples/welcome-zh.md'].map((f) => readFileSync(join(root, ...f.split('/')), 'utf8')).join('\n').repeat(8)],
];

/** The window the bench reads in `doc`, with the cursor at 60% of it. */
function sampleWindow(doc: string) {
  const source: WindowSource = { length: doc.length, text: (s, e) => doc.slice(s, e) };
  const cursor = Math.floor(doc.length * 0.6);
  const win = chooseWindow(source, cursor);
  return { source, cursor, win, text: doc.slice(win.start, win.end) };
}

/** Milliseconds of the first window this process reads (the decoder made just before): printed for the parent. */
function firstWindow(decoder: ReturnType<typeof createDecoder>, sample: number): void {
  const { text } = sampleWindow(samples[sample][1]);
  const t0 = performance.now();
  new InsideView(decoder).update(text);
  console.log(JSON.stringify({ firstWindowMs: performance.now() - t0 }));
}

/** The first window of `runs` fresh processes (this script with --first), p50 / p95. */
function coldWindows(runs: number, sample: number): { p50: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [__filename, '--first', String(sample)], { encoding: 'utf8' });
    const line = child.stdout.split('\n').find((l) => l.startsWith('{"firstWindowMs"'));
    if (!line) throw new Error(`the first-window process failed: ${child.stderr}`);
    times.push((JSON.parse(line) as { firstWindowMs: number }).firstWindowMs);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, cold: { type: 'string', default: '5' }, first: { type: 'string' } } });
  const runs = Number(values.runs);
  await initBackend({ preference: ['cpu'] });
  const { model } = await loadLanguageModel(join(root, 'models', 'lm'));
  // The step the worker's inside view runs (gates in SIMD too), against the completions' float64 gates.
  const decoders = [['SIMD step', createDecoder(model, { simdStep: true })], ['float64 gates', createDecoder(model)]] as const;
  model.dispose();
  if (values.first !== undefined) return firstWindow(decoders[0][1], Number(values.first));
  const fmt = (t: { p50: number; p95: number }) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`;
  console.log(`decoder kernel: ${decoders[0][1].kernelName}, ${runs} runs each, p50 / p95 ms\n`);
  console.log('| text | step | window | fresh window | first window of a process | edit near the cursor | character details | host per update | host, cursor move |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [k, [name, doc]] of samples.entries()) for (const [step, decoder] of decoders) {
    const { source, cursor, win, text } = sampleWindow(doc);
    const bytes = new TextEncoder().encode(text).length;
    const fresh = time(runs, () => new InsideView(decoder).update(text));
    const view = new InsideView(decoder);
    const first = view.update(text);
    // An edit three quarters into the window, where the cursor is: a character typed, then taken back.
    const at = Math.floor(text.length * 0.75);
    const edited = [text.slice(0, at) + 'x' + text.slice(at), text];
    const edit = time(runs, (i) => view.update(edited[i % 2]));
    const detail = time(runs, (i) => view.detail((i * 37) % first.chars));
    // The host: choose the window, slice the text, find the cursor's character, and serialize the message.
    const host = time(runs, () => {
      const w = chooseWindow(source, cursor, win);
      const t = source.text(w.start, w.end);
      const c = Array.from(t.slice(0, cursor - w.start)).length;
      JSON.stringify({ type: 'window', file: 'x', text: t, chars: first.chars, cursor: c, signals: first.signals, unitIds: first.unitIds, units: first.units, modelMs: 1 });
    });
    const move = time(runs, (i) => {
      const w = chooseWindow(source, cursor + (i % 50), win);
      const t = source.text(w.start, w.end);
      JSON.stringify({ type: 'cursor', cursor: Array.from(t.slice(0, cursor + (i % 50) - w.start)).length });
    });
    // The inside view's decoder only: the first window of a fresh process.
    const cold = step === decoders[0][0] && Number(values.cold) > 0 ? fmt(coldWindows(Number(values.cold), k)) : '–';
    console.log(`| ${name} | ${step} | ${first.chars} chars, ${bytes} bytes | ${fmt(fresh)} | ${cold} | ${fmt(edit)} | ${fmt(detail)} | ${fmt(host)} | ${fmt(move)} |`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
