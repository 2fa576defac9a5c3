// Writes the README's tables of commands and settings from the manifest (between <!-- name:start/end --> marks),
// so the documentation cannot drift from what the extension contributes. `--check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const text = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (_, k) => nls[k] ?? s) : '');
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function commandsTable() {
  const keys = manifest.contributes.keybindings ?? [];
  const rows = manifest.contributes.commands.map((c) => {
    const key = keys.filter((k) => k.command === c.command).map((k) => `\`${k.key}\``).join(', ');
    return `| ${cell(`${text(c.category)}: ${text(c.title)}`)} | \`${c.command}\` | ${key} |`;
  });
  return ['| command | id | keys |', '| --- | --- | --- |', ...rows].join('\n');
}

function settingsTable() {
  const cfg = [manifest.contributes.configuration].flat();
  const rows = cfg.flatMap((s) => Object.entries(s.properties)).map(([name, p]) =>
    `| \`${name}\` | \`${cell(JSON.stringify(p.default))}\` | ${cell(text(p.markdownDescription ?? p.description))} |`);
  return ['| setting | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
let updated = readme;
for (const [name, table] of [['commands', commandsTable()], ['settings', settingsTable()]]) {
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!re.test(updated)) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> section`);
  updated = updated.replace(re, (_, start, end) => `${start}\n${table}\n${end}`);
}
if (process.argv.includes('--check')) {
  if (updated !== readme) { console.error('README.md tables are out of date: run `node scripts/readme-tables.mjs`.'); process.exit(1); }
} else {
  writeFileSync(readmePath, updated);
}
