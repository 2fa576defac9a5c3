// Runs the secret rules of training (src/training/secrets.ts) over every text file below a folder and lists
// what they would leave out, with the time taken: how the false-positive and speed figures in
// docs/BENCHMARKS.md were measured, and a way to see what a fine-tune of a folder would skip.
//   npm run build && node out/scripts/scan-secrets.js FOLDER
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { looksBinary } from '../src/training/fileRules';
import { findSecrets, secretFileName } from '../src/training/secrets';

const root = process.argv[2];
if (!root) {
  console.error('usage: node out/scripts/scan-secrets.js FOLDER');
  process.exit(2);
}
let files = 0;
let bytes = 0;
let seconds = 0;
const flagged: string[] = [];
for (const rel of (readdirSync(root, { recursive: true }) as string[]).sort()) {
  const path = join(root, rel);
  const stat = statSync(path, { throwIfNoEntry: false });
  // The panel's default size limit is 256 KB; larger files are left out here too.
  if (!stat?.isFile() || stat.size > 256 * 1024) continue;
  const data = new Uint8Array(readFileSync(path));
  if (looksBinary(data)) continue;
  const started = performance.now();
  const byName = secretFileName(rel);
  const hits = byName ? [] : findSecrets(new TextDecoder().decode(data), rel);
  seconds += (performance.now() - started) / 1000;
  files++;
  bytes += data.length;
  if (byName) flagged.push(`${rel}: ${byName}`);
  for (const h of hits) flagged.push(`${rel}:${h.line}: ${h.kind}`);
}
for (const line of flagged) console.log(line);
const flaggedFiles = new Set(flagged.map((l) => l.replace(/(:\d+)?: .*$/, ''))).size;
console.log(`${files} text files, ${(bytes / 1e6).toFixed(1)} MB: ${flaggedFiles} look like secrets; rules took ${seconds.toFixed(1)} s (${(bytes / 1e6 / seconds).toFixed(1)} MB/s)`);
