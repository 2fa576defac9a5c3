// Mocha entry point loaded by VS Code inside the extension host (code-server or desktop VS Code).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { installNetworkGuard } from './networkGuard';

export function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('gru-scribe.gru-scribe');
  if (!extension) return Promise.reject(new Error('GRU Scribe is not loaded in this extension host'));
  installNetworkGuard(extension.extensionPath);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.GRU_SCRIBE_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      // The harness reads this line to report the layer's counts.
      console.log(`integration: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (passes === 0) reject(new Error('no integration test ran'));
      else resolve();
    });
  });
}
