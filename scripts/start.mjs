// `npm start`: builds, then serves a real VS Code (code-server) with GRU Scribe loaded and a copy of samples/ open
// (`--folder DIR` opens another folder).
// Prints the address to open in a browser. Ctrl+C stops everything it started.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from '../test/harness/codeServer.mjs';
import { cacheRoot, SetupError } from '../test/harness/toolchain.mjs';
import { prepareTryWorkspace } from './try-workspace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 8080);
const folderArg = process.argv.indexOf('--folder');
const folder = folderArg > 0 ? process.argv[folderArg + 1] : prepareTryWorkspace(join(root, 'samples'), join(cacheRoot, 'try'));

if (spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);

// A profile of its own that survives restarts, so settings and fine-tuned models are kept between sessions.
const userDataDir = join(cacheRoot, 'start-profile');
mkdirSync(userDataDir, { recursive: true });

// The extension is linked into the profile's extensions folder, so VS Code loads it like an installed one
// and picks up rebuilt bundles on reload (Developer: Reload Window).
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionsDir = join(userDataDir, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const link = join(extensionsDir, `gru-scribe.gru-scribe-${version}`);
rmSync(link, { recursive: true, force: true });
symlinkSync(root, link, 'dir');
// VS Code only loads extensions listed in extensions.json; folders it does not know are marked obsolete.
rmSync(join(extensionsDir, '.obsolete'), { force: true });
writeFileSync(join(extensionsDir, 'extensions.json'), JSON.stringify([{
  identifier: { id: 'gru-scribe.gru-scribe' },
  version,
  location: { $mid: 1, scheme: 'file', path: link },
  relativeLocation: `gru-scribe.gru-scribe-${version}`,
  metadata: { installedTimestamp: Date.now(), source: 'vsix' },
}]));

let server;
try {
  server = await startCodeServer({ port, userDataDir, extensionsDir, settings: { 'workbench.startupEditor': 'readme' }, log: (l) => { if (process.env.GRU_SCRIBE_VERBOSE) console.log(l); } });
} catch (e) {
  console.error(e instanceof SetupError ? e.message : `Could not start VS Code (code-server): ${e.message}`);
  process.exit(1);
}
const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
console.log(`\nGRU Scribe is running in VS Code. Open this address in your browser:\n\n  ${url}\n\n` +
  `The folder open there is ${folder}${folderArg > 0 ? '' : ' (a copy of samples/; its sample files are refreshed at each start)'}.\nPress Ctrl+C to stop.`);

const stop = async () => { await server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
