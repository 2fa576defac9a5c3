// "Look Inside the Model"'s webview: the window's characters coloured by a signal, the model's view of
// the character under the pointer or the keyboard focus, and the units that track the text.
import { decodeSignals, type DecodedSignals } from '../src/model/inside/signals';
import type { PropertyName } from '../src/model/inside/properties';
import { fillPlaceholders } from '../src/model/placeholders';
import { checkInsideHostMessage, type InsideHostMessage, type InsideWebviewMessage } from '../src/inside/protocol';
import { checkInsideTranslations, type InsideString } from '../src/inside/strings';
import { CharacterStrip } from './charStrip';

interface VsCodeApi { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;
const api = acquireVsCodeApi();
const post = (m: InsideWebviewMessage) => api.postMessage(m);

const app = document.getElementById('app')!;
const dictionary = (() => {
  try { return checkInsideTranslations(JSON.parse(app.dataset.l10n ?? '{}')); } catch { return {}; }
})();
const t = (key: InsideString, ...args: (string | number)[]) => fillPlaceholders(dictionary[key] ?? key, args);

const PROPERTY_LABEL: Record<PropertyName, InsideString> = {
  inString: 'inside a string or quote',
  bracketDepth: 'bracket depth',
  linePosition: 'position in the line',
  inComment: 'inside a comment',
  afterWhitespace: 'after whitespace',
  chineseScript: 'Chinese script',
};

/** 'bits', 'z', 'r', or a unit's number. */
type Signal = 'bits' | 'z' | 'r' | number;
const LEVELS = 10;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- the page, built once
const header = el('header');
header.append(el('h1', {}, t('Look Inside the Model')));
const meta = el('div', { class: 'meta', id: 'meta' });
header.append(meta);
const toolbar = el('div', { class: 'toolbar' });
const signalLabel = el('label', { for: 'signal' }, t('Colour by'));
const signalSelect = el('select', { id: 'signal' });
const legend = el('div', { class: 'legend', 'aria-hidden': 'true' });
const legendLow = el('span');
const legendBar = el('span', { class: 'bar' });
const legendHigh = el('span');
legend.append(legendLow, legendBar, legendHigh);
toolbar.append(signalLabel, signalSelect, legend);
const layout = el('div', { class: 'layout' });
const strip = el('div', { id: 'strip', class: 'strip', tabindex: '0', role: 'listbox', 'aria-label': t('Characters of the window, coloured by the chosen signal. Use the arrow keys to move.') });
const aside = el('aside');
const detailBox = el('div', { id: 'detail', class: 'detail', 'aria-live': 'polite' }, t('Hover or focus a character to see what the model expected next.'));
const unitsHeading = el('h2', {}, t('Units that track the text'));
const unitsHint = el('p', { class: 'hint' }, t('Click a unit to colour the text by it.'));
const unitList = el('ol', { id: 'units', class: 'units' });
aside.append(unitsHeading, unitsHint, unitList);
const tooltip = el('div', { id: 'tooltip', class: 'tooltip', role: 'tooltip', hidden: '' });
layout.append(strip, aside);
const sentence = el('section', { id: 'sentence', class: 'sentence' });
const sentenceWords = el('ol', { id: 'sentence-words', class: 'words' });
sentence.append(el('h2', {}, t('Sentiment of the sentence at the cursor')),
  el('p', { class: 'hint' }, t('Sentiment score (P(positive) + P(neutral) / 2) after each word, as the sentiment classifier reads the sentence.')), sentenceWords);
app.append(header, toolbar, detailBox, layout, sentence, tooltip);

// ---- state
let win: Extract<InsideHostMessage, { type: 'window' }> | undefined;
let signals: DecodedSignals | undefined;
let chars: string[] = [];
/** Character i's class names in the chosen signal's colours (and the cursor's mark). */
let colourOf: (i: number) => string = () => '';
/** When the last window began to be drawn. */
let drawStart = 0;
// Every character has its span: how long after the drawing began, for the benchmarks (read by the UI test).
const characters = new CharacterStrip(strip, (i) => colourOf(i), () => {
  strip.dataset.completeMs = (performance.now() - drawStart).toFixed(1);
});
let signal: Signal = 'bits';
let active = -1;
let cursor = -1;
let asked: number | undefined;
let waiting = false;

function fillSignalSelect(): void {
  const options: [string, string][] = [['bits', t('Surprise (bits spent)')], ['z', t('Update gate z (mean)')], ['r', t('Reset gate r (mean)')]];
  for (const id of win?.unitIds ?? []) options.push([String(id), t('Unit {0}', id)]);
  signalSelect.replaceChildren(...options.map(([value, label]) => el('option', { value }, label)));
  signalSelect.value = String(signal);
}

signalSelect.addEventListener('change', () => {
  const v = signalSelect.value;
  chooseSignal(v === 'bits' || v === 'z' || v === 'r' ? v : Number(v));
});

function chooseSignal(s: Signal): void {
  signal = s;
  if (typeof s === 'number') post({ type: 'selectUnit', unit: s });
  signalSelect.value = String(s);
  paint();
  renderUnits();
}

/** The values of the chosen signal and the range its colours span. */
function values(): { v: Float32Array; low: number; high: number; diverging: boolean } | undefined {
  if (!signals) return undefined;
  if (signal === 'bits') {
    const sorted = Float32Array.from(signals.bits).sort();
    const high = Math.max(4, sorted[Math.floor(sorted.length * 0.95)] ?? 4);
    return { v: signals.bits, low: 0, high, diverging: false };
  }
  if (signal === 'z') return { v: signals.z, low: 0, high: 1, diverging: false };
  if (signal === 'r') return { v: signals.r, low: 0, high: 1, diverging: false };
  const row = win!.unitIds.indexOf(signal);
  return row < 0 ? undefined : { v: signals.units[row], low: -1, high: 1, diverging: true };
}

/** Recolours the characters (those that have their spans; the others get theirs in these colours). */
function paint(): void {
  const s = values();
  strip.dataset.signal = typeof signal === 'number' ? 'unit' : signal;
  if (!s) return;
  colourOf = (i) => {
    const x = (s.v[i] - s.low) / (s.high - s.low);
    let cls: string;
    if (s.diverging) {
      const level = Math.round(Math.abs(x * 2 - 1) * (LEVELS - 1));
      cls = x >= 0.5 ? `p${level}` : `n${level}`;
    } else {
      cls = `s${Math.max(0, Math.min(LEVELS - 1, Math.floor(x * LEVELS)))}`;
    }
    return i === cursor ? `${cls} cursor` : cls;
  };
  for (const [span, i] of characters.existing()) {
    const name = colourOf(i);
    if (span.className !== name) span.className = name;
  }
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  legend.dataset.kind = s.diverging ? 'diverging' : 'sequential';
  legendLow.textContent = s.diverging ? `${t('negative')} −1` : `${t('low')} ${fmt(s.low)}`;
  legendHigh.textContent = s.diverging ? `+1 ${t('positive')}` : `${t('high')} ${fmt(s.high)}${signal === 'bits' ? ` (${t('{0} bits', fmt(s.high))})` : ''}`;
}

function renderUnits(): void {
  unitList.replaceChildren(...(win?.units ?? []).map((u) => {
    const li = el('li');
    const button = el('button', { type: 'button', 'aria-pressed': String(signal === u.unit), 'data-unit': String(u.unit) });
    button.append(el('strong', {}, t('unit {0}', u.unit)), ` ${t(PROPERTY_LABEL[u.property])} `, el('span', { class: 'r' }, t('r = {0}', u.correlation.toFixed(2))));
    button.addEventListener('click', () => chooseSignal(u.unit));
    li.append(button);
    return li;
  }));
}

function renderWindow(m: Extract<InsideHostMessage, { type: 'window' }>): void {
  const t0 = drawStart = performance.now();
  const decoded = decodeSignals(m.signals, m.chars);
  const next = Array.from(m.text);
  if (!decoded || next.length !== m.chars) return;
  win = m;
  signals = decoded;
  if (typeof signal === 'number' && !m.unitIds.includes(signal)) signal = 'bits';
  deactivate();
  chars = next;
  cursor = cursorIn(m.cursor);
  fillSignalSelect();
  paint();
  renderUnits();
  meta.textContent = `${m.file} · ${t('{0} characters, computed in {1} ms', m.chars, Math.round(m.modelMs))}`;
  delete strip.dataset.completeMs;
  // The cursor's part of the window is drawn first, the rest in the tasks after (see ./charStrip).
  characters.show(chars, cursor);
  // How long drawing took, layout and paint included (the frame after this one), and when the first window
  // was on screen (milliseconds since 1970, to compare with the workbench's clock), for the benchmarks
  // (read by the UI test).
  requestAnimationFrame(() => setTimeout(() => {
    const now = performance.now();
    strip.dataset.drawMs = (now - t0).toFixed(1);
    strip.dataset.firstShownAt ??= (performance.timeOrigin + now).toFixed(0);
  }));
}

/** The character the cursor is at (the checked messages never send a negative one): -1 when there are none. */
function cursorIn(c: number): number {
  return Math.min(Math.max(c, 0), chars.length - 1);
}

function moveCursor(c: number): void {
  if (!chars.length) return;
  characters.existingSpan(cursor)?.classList.remove('cursor');
  cursor = cursorIn(c);
  const span = characters.span(cursor);
  span.classList.add('cursor');
  span.scrollIntoView({ block: 'nearest' });
}

// ---- details of one character
/** The active character's span is the listbox's one option element: its id, role and place in the set. */
function deactivate(): void {
  const span = characters.existingSpan(active);
  if (span) for (const a of ['id', 'role', 'aria-selected', 'aria-posinset', 'aria-setsize']) span.removeAttribute(a);
  strip.removeAttribute('aria-activedescendant');
  active = -1;
}

function activate(i: number, anchor: 'pointer' | 'keyboard'): void {
  if (i < 0 || i >= characters.length || i === active) return;
  deactivate();
  active = i;
  const span = characters.span(i);
  span.id = `c${i}`;
  span.setAttribute('role', 'option');
  span.setAttribute('aria-selected', 'true');
  span.setAttribute('aria-posinset', String(i + 1));
  span.setAttribute('aria-setsize', String(characters.length));
  strip.setAttribute('aria-activedescendant', span.id);
  if (anchor === 'keyboard') span.scrollIntoView({ block: 'nearest' });
  ask(i);
}

function ask(i: number): void {
  if (waiting) { asked = i; return; }
  waiting = true;
  asked = undefined;
  post({ type: 'detail', index: i, unit: typeof signal === 'number' ? signal : undefined });
}

const shownChar = (c: string) => (c === '\n' ? '⏎' : c === ' ' ? '␠' : c === '\t' ? '⇥' : c);

function renderDetail(d: Extract<InsideHostMessage, { type: 'detail' }>): void {
  waiting = false;
  if (asked !== undefined) { ask(asked); return; }
  if (d.index !== active) return;
  const box = el('div');
  const title = el('div', { class: 'title' });
  title.append(el('code', {}, shownChar(d.char)), ` ${t('{0} bits', d.bits.toFixed(2))} · ${t('z {0} · r {1}', d.zMean.toFixed(2), d.rMean.toFixed(2))}`);
  box.append(title);
  if (d.unit) box.append(el('div', {}, t('unit {0}: h {1}, z {2}, r {3}', d.unit.unit, d.unit.h.toFixed(2), d.unit.z.toFixed(2), d.unit.r.toFixed(2))));
  const next = el('ol', { class: 'next', 'aria-label': t('Next: ') });
  for (const g of d.next) {
    const li = el('li');
    const bar = el('span', { class: 'pbar' });
    bar.style.width = `${Math.round(g.probability * 100)}%`;
    li.append(el('code', {}, shownChar(g.text)), el('span', { class: 'p' }, `${(g.probability * 100).toFixed(1)}%`), bar);
    next.append(li);
  }
  box.append(el('div', { class: 'label' }, t('Next: ')), next);
  detailBox.replaceChildren(box.cloneNode(true));
  tooltip.replaceChildren(box);
  tooltip.hidden = false;
  const r = characters.span(d.index).getBoundingClientRect();
  const width = tooltip.offsetWidth, height = tooltip.offsetHeight;
  tooltip.style.left = `${Math.max(4, Math.min(window.innerWidth - width - 4, r.left))}px`;
  tooltip.style.top = `${r.bottom + 4 + height > window.innerHeight ? Math.max(4, r.top - height - 4) : r.bottom + 4}px`;
}

strip.addEventListener('mouseover', (e) => {
  const i = characters.indexAt(e.target, e.clientX, e.clientY);
  if (i >= 0) activate(i, 'pointer');
});
strip.addEventListener('mouseleave', () => { tooltip.hidden = true; });
strip.addEventListener('focus', () => activate(active >= 0 ? active : Math.max(0, cursor), 'keyboard'));
strip.addEventListener('blur', () => { tooltip.hidden = true; });

/** The character index on the line above or below `i` at the same column (or the line's end). */
function verticalMove(i: number, down: boolean): number {
  const lineStart = (j: number) => { while (j > 0 && chars[j - 1] !== '\n') j--; return j; };
  const start = lineStart(i), column = i - start;
  if (down) {
    let j = i;
    while (j < chars.length && chars[j] !== '\n') j++;
    if (j >= chars.length - 1) return i;
    const next = j + 1;
    let end = next;
    while (end < chars.length - 1 && chars[end] !== '\n') end++;
    return Math.min(next + column, end);
  }
  if (start === 0) return i;
  const prev = lineStart(start - 1);
  return Math.min(prev + column, start - 1);
}

strip.addEventListener('keydown', (e) => {
  if (!characters.length) return;
  const i = Math.max(0, active);
  let next: number | undefined;
  switch (e.key) {
    case 'ArrowRight': next = Math.min(characters.length - 1, i + 1); break;
    case 'ArrowLeft': next = Math.max(0, i - 1); break;
    case 'ArrowDown': next = verticalMove(i, true); break;
    case 'ArrowUp': next = verticalMove(i, false); break;
    case 'Home': next = 0; break;
    case 'End': next = characters.length - 1; break;
    case 'Escape': tooltip.hidden = true; return;
    default: return;
  }
  e.preventDefault();
  activate(next, 'keyboard');
});

/** Each word with P(positive) after it; its colour says how far and which way it moved the probability. */
function renderSentence(steps: { word: string; score: number }[]): void {
  if (!steps.length) {
    sentenceWords.replaceChildren(el('li', { class: 'none' }, t('No sentence to read at the cursor.')));
    return;
  }
  sentenceWords.replaceChildren(...steps.map((s, i) => {
    const delta = s.score - (i ? steps[i - 1].score : 0.5);
    const level = Math.min(LEVELS - 1, Math.round(Math.abs(delta) * 2 * (LEVELS - 1)));
    const signed = `${delta >= 0 ? '+' : '−'}${Math.abs(delta * 100).toFixed(0)}`;
    const li = el('li', { class: delta >= 0 ? `p${level}` : `n${level}`, 'aria-label': t('{0}: score {1}% ({2})', s.word, (s.score * 100).toFixed(0), signed) });
    const bar = el('span', { class: 'pbar' });
    bar.style.width = `${Math.round(s.score * 100)}%`;
    li.append(el('span', { class: 'word' }, s.word), el('span', { class: 'p' }, `${(s.score * 100).toFixed(0)}%`), bar);
    return li;
  }));
}

window.addEventListener('message', (event: MessageEvent) => {
  const checked = checkInsideHostMessage(event.data);
  if (!checked.ok) { console.warn(`Look Inside the Model: rejected a message: ${checked.error}`); return; }
  const m = checked.message;
  switch (m.type) {
    case 'window': renderWindow(m); return;
    case 'cursor': moveCursor(m.cursor); return;
    case 'detail': renderDetail(m); return;
    case 'sentence': renderSentence(m.steps); return;
    case 'empty':
      deactivate();
      win = undefined; signals = undefined; chars = [];
      characters.clear();
      unitList.replaceChildren();
      meta.textContent = m.reason;
      return;
  }
});

post({ type: 'ready' });
