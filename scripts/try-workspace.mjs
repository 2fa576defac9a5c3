// The folder `npm start` opens: a copy of samples/ in the cache, so trying the extension (and the editor's
// autosave) never changes the repository. Each start refreshes the copied samples; files the user added
// there are kept. The copy's README.md is the welcome page, which the editor opens on first load
// (`workbench.startupEditor: "readme"`).
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function prepareTryWorkspace(samplesDir, target) {
  mkdirSync(target, { recursive: true });
  cpSync(samplesDir, target, { recursive: true, force: true });
  copyFileSync(join(samplesDir, 'welcome.md'), join(target, 'README.md'));
  return target;
}
