// "Look Inside the Model"'s drawing in headless Chromium (the webview's engine), without the editor: the
// built webview (dist/webview/inside.js, media/inside.css) is given windows read by the bundled model and
// times itself as in the panel (to the frame after the one it drew in, layout and paint included), and
// until every character has its span (the part out of view gets them when the page is idle).
// `--baseline DIR`: another built tree (a checkout of an older commit) measured alternately in the same browser.
//   npm run build && node out/scripts/bench-inside-draw.js [--runs 15] [--baseline DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { initBackend } from '../src/model/backend';
import { InsideView } from '../src/model/inside/view';
import { createDecoder } from '../src/model/lm/decoder';
import { loadLanguageModel } from '../src/model/lm/io';
import type { InsideHostMessage } from '../src/inside/protocol';
import { WINDOW_BYTES } from '../src/inside/window';

const root = join(__dirname, '..', '..');

/** The theme colours the stylesheet reads (VS Code's Dark Modern), so that the spans paint as in the editor. */
const THEME = `:root { --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-font-family: system-ui, sans-serif;
  --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 14px; --vscode-charts-red: #f14c4c;
  --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-charts-green: #89d185; --vscode-focusBorder: #0078d4;
  --vscode-widget-border: #313131; --vscode-descriptionForeground: #9d9d9d; }`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** A page with `tree`'s built webview and stylesheet, and a stand-in for VS Code's webview API. */
function pageHtml(tree: string): string {
  const css = readFileSync(join(tree, 'media', 'inside.css'), 'utf8');
  const script = readFileSync(join(tree, 'dist', 'webview', 'inside.js'), 'utf8');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${THEME}\n${css}</style></head><body>
<main id="app" data-l10n="{}"></main><script>function acquireVsCodeApi() { return { postMessage() {} }; }</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
}

type WindowMessage = Extract<InsideHostMessage, { type: 'window' }>;

/**
 * Milliseconds to draw each of `windows` in turn on a fresh page, and until every character had its span
 * (NaN where the webview does not say).
 */
async function drawTimes(page: Page, html: string, windows: WindowMessage[]): Promise<{ drawn: number; complete: number }[]> {
  await page.setContent(html);
  return page.evaluate(async (ws) => {
    const strip = document.getElementById('strip')!;
    const times: { drawn: number; complete: number }[] = [];
    for (const w of ws) {
      await new Promise((r) => setTimeout(r, 50));
      delete strip.dataset.drawMs;
      window.postMessage({ ...w, signals: Uint8Array.from(w.signals as unknown as number[]) }, '*');
      while (!strip.dataset.drawMs) await new Promise((r) => setTimeout(r, 2));
      // Then until the spans are all there (an older webview made them all at once: no figure).
      for (let k = 0; k < 500 && strip.dataset.completeMs === undefined && strip.dataset.drawMs; k++) await new Promise((r) => setTimeout(r, 2));
      times.push({ drawn: Number(strip.dataset.drawMs), complete: Number(strip.dataset.completeMs ?? NaN) });
    }
    return times;
  }, windows.map((w) => ({ ...w, signals: Array.from(w.signals) as unknown as Uint8Array })));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, baseline: { type: 'string' } } });
  const runs = Number(values.runs);
  await initBackend({ preference: ['cpu'] });
  const { model } = await loadLanguageModel(join(root, 'models', 'lm'));
  const decoder = createDecoder(model, { simdStep: true });
  model.dispose();
  // Two full windows of different text: the second is drawn into the first one's spans.
  const window = (file: string, text: string): WindowMessage => {
    const bytes = new TextEncoder().encode(text);
    const cut = new TextDecoder().decode(bytes.subarray(0, WINDOW_BYTES)).replace(/\uFFFD$/, '');
    const w = new InsideView(decoder).update(cut);
    return {
      type: 'window', file, text: cut, chars: w.chars, cursor: Math.floor(w.chars * 0.75), signals: w.signals, unitIds: w.unitIds,
      units: w.units.map(({ unit, property, correlation }) => ({ unit, property, correlation })), modelMs: w.modelMs + w.statsMs,
    };
  };
  const read = (...files: string[]) => files.map((f) => readFileSync(join(root, ...f.split('/')), 'utf8')).join('\n');
  const windows = [
    window('decoder.ts', read('src/model/lm/decoder.ts')),
    window('notes-zh.md', read('samples/notes-zh.md', 'samples/welcome-zh.md').repeat(4)),
  ];
  const trees = [['this tree', root], ...(values.baseline ? [['baseline', values.baseline]] : [])];
  const htmls = trees.map(([, tree]) => pageHtml(tree));
  const { launchBrowser } = await import(pathToFileURL(join(root, 'test', 'harness', 'browser.mjs')).href);
  const browser = await launchBrowser();
  const times = trees.map(() => windows.map(() => ({ drawn: [] as number[], complete: [] as number[] })));
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    for (let run = 0; run < runs + 1; run++) {
      // Alternately, so that the machine's load falls on both alike; the first round warms the browser.
      const order = run % 2 ? [...trees.keys()].reverse() : [...trees.keys()];
      for (const k of order) {
        const t = await drawTimes(page, htmls[k], windows);
        if (run > 0) t.forEach(({ drawn, complete }, i) => { times[k][i].drawn.push(drawn); times[k][i].complete.push(complete); });
      }
    }
  } finally {
    await browser.close();
  }
  const fmt = (xs: number[]) => (xs.some(Number.isNaN) ? '–' : `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)}`);
  console.log(`${runs} runs, p50 / p95 ms; ${windows.map((w) => `${w.file}: ${w.chars} chars`).join(', ')}\n`);
  console.log('| webview | first window: drawn | every span | next window, other text: drawn | every span |');
  console.log('| --- | --- | --- | --- | --- |');
  trees.forEach(([name], k) => console.log(`| ${name} | ${times[k].map((t) => `${fmt(t.drawn)} | ${fmt(t.complete)}`).join(' | ')} |`));
  if (trees.length > 1) {
    const ratio = (i: number) => (quantile(times[0][i].drawn, 0.5) / quantile(times[1][i].drawn, 0.5)).toFixed(2);
    console.log(`\np50 ratio of drawn, this tree / baseline: first window ${ratio(0)}, next window ${ratio(1)}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
