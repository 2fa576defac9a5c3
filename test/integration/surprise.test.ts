// "Highlight Surprising Lines" in the real extension host: a planted typo is marked, the hover says what
// the model expected, an edit to the line drops its mark, the clear command and the language switch work.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

interface Marked { line: number; column: number; surprise: number }
interface Highlighted {
  cancelled: boolean;
  lines: Array<{ line: number; column: number; expected: Array<{ text: string }>; lookalike?: { word: string; like: string }; inconsistency?: string }>;
}

/**
 * A module of ordinary code; line PLANTED (1-based) misspells `total`, which every other use spells right,
 * and line SWAPPED gives `discount` its arguments in the other order than the two calls before it.
 */
const SOURCE = `// Order totals for the checkout page.
export interface Item {
  name: string;
  price: number;
  quantity: number;
}

export function subtotal(items: Item[]): number {
  let total = 0;
  for (const item of items) {
    total += item.price * item.quantity;
  }
  return total;
}

export function discount(total: number, percent: number): number {
  if (percent <= 0) return total;
  if (percent >= 100) return 0;
  return total - (total * percent) / 100;
}

export function withTax(total: number, rate: number): number {
  return totla + total * rate;
}

export function sale(items: Item[], percent: number): number {
  const total = subtotal(items);
  return discount(total, percent);
}

export function memberSale(items: Item[], percent: number): number {
  const total = subtotal(items) - 5;
  return discount(total, percent);
}

export function clearance(items: Item[], percent: number): number {
  const total = subtotal(items);
  return discount(percent, total);
}

export function describe(items: Item[]): string {
  const lines = items.map((item) => \`\${item.quantity} x \${item.name}\`);
  return lines.join('\\n');
}
`;
const PLANTED = SOURCE.split('\n').findIndex((l) => l.includes('totla')) + 1;
const SWAPPED = SOURCE.split('\n').findIndex((l) => l.includes('discount(percent, total)')) + 1;

let doc: vscode.TextDocument;
let dir: string;
const highlight = () => vscode.commands.executeCommand<Highlighted | undefined>('gruScribe.highlightSurprisingLines', doc.uri);
const marked = () => vscode.commands.executeCommand<Marked[] | undefined>('gruScribe.surprise.lines', doc.uri);

suite('surprising lines', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('gru-scribe.gru-scribe')!.activate();
    dir = mkdtempSync(join(tmpdir(), 'gru-surprise-'));
    const path = join(dir, 'totals.ts');
    writeFileSync(path, SOURCE);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    await vscode.window.showTextDocument(doc);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('gruScribe.surprise').update('languages', undefined, vscode.ConfigurationTarget.Global);
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    rmSync(dir, { recursive: true, force: true });
  });

  test('the line with a planted typo is marked, and the hover says what the model expected there', async () => {
    const r = await highlight();
    assert.ok(r && !r.cancelled, 'the command returns its result');
    const planted = r.lines.find((l) => l.line === PLANTED);
    assert.ok(planted, `line ${PLANTED} is among the marked lines ${JSON.stringify(r.lines.map((l) => l.line))}`);
    assert.deepEqual(planted.lookalike && [planted.lookalike.word, planted.lookalike.like], ['totla', 'total']);
    assert.equal(planted.expected.length, 3);
    assert.ok((await marked())!.some((m) => m.line === PLANTED), 'drawn in the editor');

    const column = doc.lineAt(PLANTED - 1).text.indexOf('totla');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(PLANTED - 1, column + 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Surprising line/);
    assert.match(text, /`totla` occurs only here, and `total` is used \d+ times/);
    assert.match(text, /the model expected .*% .*rather than/);
  });

  test('a call with its arguments in the other order than elsewhere in the file is marked, and the hover says so', async () => {
    const r = await highlight();
    const swapped = r?.lines.find((l) => l.line === SWAPPED);
    assert.ok(swapped, `line ${SWAPPED} is among the marked lines ${JSON.stringify(r?.lines.map((l) => l.line))}`);
    assert.equal(swapped.inconsistency, 'argument order');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(SWAPPED - 1, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Elsewhere this file has two of these arguments in the other order/);
  });

  test('an edit to a marked line drops its mark and moves the others; clearing removes them all', async () => {
    await highlight();
    const before = (await marked())!;
    const others = before.filter((m) => m.line !== PLANTED);
    // One line inserted above everything, then the typo fixed.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '// header\n');
    const line = doc.lineAt(PLANTED - 1);
    const at = line.text.indexOf('totla');
    edit.replace(doc.uri, new vscode.Range(PLANTED - 1, at, PLANTED - 1, at + 5), 'total');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = (await marked())!;
    assert.deepEqual(after.map((m) => m.line), others.map((m) => m.line + 1));
    await vscode.commands.executeCommand('gruScribe.clearSurprisingLines', doc.uri);
    assert.equal(await marked(), undefined);
  });

  test('a language switched off in gruScribe.surprise.languages gets no marks', async () => {
    await vscode.workspace.getConfiguration('gruScribe.surprise').update('languages', { '*': true, typescript: false }, vscode.ConfigurationTarget.Global);
    assert.equal(await highlight(), undefined);
    assert.equal(await marked(), undefined);
  });
});
