// Nothing leaves the machine: the Node bundles the extension runs contain no network client at all.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

const dist = join(__dirname, "..", "..", "..", "..", "dist");
const NETWORK_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'node-fetch', 'undici', 'ws'];
/** The refusing fetch and the module that installs it in place of the global one. */
const GUARD_SOURCES = [join('src', 'noNetworkFetch.ts'), join('src', 'refuseNetwork.ts')];
/**
 * tfjs's HTTP model loaders and emscripten's browser path (named in the map by tfjs's own sources): dead code in
 * Node, and refused where the guard is installed.
 */
const GUARDED_THIRD_PARTY = /[\\/](?:@tensorflow|tfjs-[\w-]+)[\\/]/;

function nodeBundles(): string[] {
  const top = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => join(dist, f));
  const workers = existsSync(join(dist, 'workers'))
    ? readdirSync(join(dist, 'workers')).filter((f) => f.endsWith('.js')).map((f) => join(dist, 'workers', f)) : [];
  return [...top, ...workers];
}

interface Finding { what: string; line: number; source: string }

const CHECKS: Array<{ what: string; pattern: RegExp; thirdPartyAllowed: boolean }> = [
  // A call of the global fetch (`fetch(`, `globalThis.fetch(`, ...), not a method of some object (`this.fetch(`).
  { what: 'fetch(', pattern: /(?<![\w$.])fetch\s*\(|(?<![\w$])(?:globalThis|global|window|self)\.fetch\s*\(/g, thirdPartyAllowed: true },
  { what: 'WebSocket', pattern: /(?<![\w$])WebSocket(?![\w$])/g, thirdPartyAllowed: false },
  { what: 'import() of a remote URL', pattern: /(?<![\w$.])import\s*\(\s*["'`](?:https?:|\/\/)/g, thirdPartyAllowed: false },
];

/**
 * fetch calls, WebSockets and imports of remote URLs in a bundle, each traced to its source through the bundle's
 * source map. Only the guard's own code is allowed, and tfjs's fetch calls in a bundle that installs the guard.
 * Code the map does not cover counts as a finding.
 */
function installsGuard(map: SourceMap): boolean {
  const sources = map.payload.sources.map((s) => join(s));
  return GUARD_SOURCES.every((g) => sources.some((s) => s.endsWith(g)));
}

function networkUse(code: string, map: SourceMap, guarded = installsGuard(map)): Finding[] {
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const findings: Finding[] = [];
  for (const { what, pattern, thirdPartyAllowed } of CHECKS) {
    for (const m of code.matchAll(pattern)) {
      let line = lineStarts.length - 1;
      while (lineStarts[line] > m.index!) line--;
      const entry = map.findEntry(line, m.index! - lineStarts[line]) as { generatedLine?: number; originalSource?: string };
      // findEntry answers with the nearest mapping before the position, even from an earlier line.
      const source = entry.generatedLine === line && entry.originalSource ? join(entry.originalSource) : '(unmapped)';
      if (GUARD_SOURCES.some((g) => source.endsWith(g))) continue;
      if (thirdPartyAllowed && guarded && GUARDED_THIRD_PARTY.test(source)) continue;
      findings.push({ what, line: line + 1, source });
    }
  }
  return findings;
}

function load(bundle: string): { code: string; map: SourceMap } {
  const mapFile = `${bundle}.map`;
  assert.ok(existsSync(mapFile), `${mapFile} is missing: the check needs the development build's source maps (npm run build)`);
  return { code: readFileSync(bundle, 'utf8'), map: new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) };
}

const describe = (findings: Finding[]) => findings.map((f) => `${f.what} at line ${f.line} from ${f.source}`).join('\n');

test('the extension, worker and CLI bundles exist', () => {
  const names = nodeBundles().map((f) => f.slice(dist.length + 1));
  assert.ok(names.includes('extension.js') && names.includes('cli.js'), names.join(', '));
});

for (const bundle of nodeBundles()) {
  test(`${bundle.slice(dist.length + 1)} requires no network module`, () => {
    const source = readFileSync(bundle, 'utf8');
    const required = new Set([...source.matchAll(/require\(["'](?:node:)?([^"'/]+)[^"']*["']\)/g)].map((m) => m[1]));
    const offending = NETWORK_MODULES.filter((m) => required.has(m));
    assert.deepEqual(offending, [], `${bundle} requires ${offending.join(', ')}`);
  });

  test(`${bundle.slice(dist.length + 1)} calls no fetch but the guard's, opens no WebSocket and imports no remote URL`, () => {
    const { code, map } = load(bundle);
    const findings = networkUse(code, map);
    assert.equal(findings.length, 0, describe(findings));
  });
}

test('the check finds a fetch call, a WebSocket and a remote import planted in a bundle', () => {
  const { code, map } = load(join(dist, 'workers', 'lmWorker.js'));
  const planted = `${code}\nfetch("https://example.com/a");\nglobalThis.fetch("//example.com/b");\n` +
    'new WebSocket("wss://example.com");\nimport("https://example.com/m.js");\nimport(`//example.com/n.js`);\n';
  assert.deepEqual(networkUse(planted, map).map((f) => `${f.what} ${f.source}`), [
    'fetch( (unmapped)', 'fetch( (unmapped)', 'WebSocket (unmapped)', 'import() of a remote URL (unmapped)', 'import() of a remote URL (unmapped)',
  ]);
});

test("the check finds tfjs's fetch calls in a bundle that does not install the guard", () => {
  const { code, map } = load(join(dist, 'workers', 'lmWorker.js'));
  const findings = networkUse(code, map, false);
  assert.ok(findings.length > 0 && findings.every((f) => f.what === 'fetch(' && GUARDED_THIRD_PARTY.test(f.source)), describe(findings));
});
