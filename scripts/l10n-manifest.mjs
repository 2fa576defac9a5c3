// Moves the manifest's user-visible strings into package.nls.json (as %keys%), so that each language's
// package.nls.<locale>.json can translate them. Idempotent: strings already moved are left alone.
// `--check` only reports what is missing (used by the tests).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOCALES = ['zh-cn'];
const read = (f) => (existsSync(join(root, f)) ? JSON.parse(readFileSync(join(root, f), 'utf8')) : {});

/** Every translatable string of the manifest as [key, holder, field]. */
function* translatable(manifest) {
  const c = manifest.contributes ?? {};
  yield ['displayName', manifest, 'displayName'];
  yield ['description', manifest, 'description'];
  for (const cmd of c.commands ?? []) {
    const id = cmd.command.replace(/^gruScribe\./, '');
    yield [`command.${id}.title`, cmd, 'title'];
    yield [`command.category`, cmd, 'category'];
  }
  const cfg = Array.isArray(c.configuration) ? c.configuration : [c.configuration ?? {}];
  for (const section of cfg) {
    yield ['configuration.title', section, 'title'];
    for (const [name, prop] of Object.entries(section.properties ?? {})) {
      const id = name.replace(/^gruScribe\./, '');
      for (const field of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) {
        yield [`config.${id}.${field}`, prop, field];
      }
      for (let i = 0; i < (prop.enumDescriptions ?? []).length; i++) {
        yield [`config.${id}.enumDescriptions.${i}`, prop.enumDescriptions, i];
      }
    }
  }
  for (const color of c.colors ?? []) {
    yield [`color.${color.id.replace(/^gruScribe\./, '')}.description`, color, 'description'];
  }
  for (const w of c.walkthroughs ?? []) {
    yield [`walkthrough.${w.id}.title`, w, 'title'];
    yield [`walkthrough.${w.id}.description`, w, 'description'];
    for (const s of w.steps ?? []) {
      yield [`walkthrough.${w.id}.${s.id}.title`, s, 'title'];
      yield [`walkthrough.${w.id}.${s.id}.description`, s, 'description'];
      if (s.media?.altText) yield [`walkthrough.${w.id}.${s.id}.altText`, s.media, 'altText'];
      // Each language has its own copy of a step's page.
      if (s.media?.markdown) yield [`walkthrough.${w.id}.${s.id}.media`, s.media, 'markdown'];
    }
  }
  for (const v of Object.values(c.viewsContainers ?? {}).flat()) yield [`viewsContainer.${v.id}.title`, v, 'title'];
}

const manifest = read('package.json');
const nls = read('package.nls.json');
const check = process.argv.includes('--check');
const problems = [];
for (const [key, holder, field] of translatable(manifest)) {
  const value = holder[field];
  if (typeof value !== 'string' || value === '') continue;
  const ref = /^%(.+)%$/.exec(value);
  if (ref) {
    if (!(ref[1] in nls)) problems.push(`package.nls.json lacks "${ref[1]}"`);
    continue;
  }
  if (check) { problems.push(`package.json: "${value}" is not localized (${key})`); continue; }
  if (key in nls && nls[key] !== value) throw new Error(`key ${key} already holds "${nls[key]}"`);
  nls[key] = value;
  holder[field] = `%${key}%`;
}
for (const locale of LOCALES) {
  const translated = read(`package.nls.${locale}.json`);
  for (const key of Object.keys(nls)) if (!(key in translated)) problems.push(`package.nls.${locale}.json lacks "${key}"`);
}
if (!check) {
  writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(root, 'package.nls.json'), JSON.stringify(nls, null, 2) + '\n');
}
if (problems.length) {
  console.log(problems.join('\n'));
  if (check) process.exit(1);
}
