// Files that look like secrets (keys, tokens, passwords) are never trained on: a fine-tuned model keeps
// its training text (memory.bin) and would type a password back as a completion. Pure functions over
// names and text, no `vscode`: the training panel (./fileRules) and the CLI's `train-lm` share them.

/** The skip reason the panel and the CLI show; a key of the panel's localized strings. */
export const SECRET_REASON = 'looks like a secret';

/**
 * Source code, by extension: there a value not in quotes is an expression (`token: FlowResult.V2`), not a
 * literal; in configuration and prose (`.env`, YAML, INI, Markdown) unquoted values are literals.
 */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|kts|scala|c|h|cc|cpp|hpp|cs|swift|php|lua|dart|sh|bash|zsh|ps1)$/i;

/** Example files that document variables rather than hold them: kept by name, their content is still checked. */
const ENV_EXAMPLES = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults']);

const CREDENTIALS = 'a credentials file';

/** [what the rule is called, the base names it matches (lower-cased)]. */
const SECRET_NAMES: [string, RegExp][] = [
  ['an environment file', /^\.env(\..*)?$|\.env$|^\.envrc$/],
  ['a key or certificate store', /\.(pem|key|p8|p12|pfx|ppk|keystore|jks|keytab|kdbx)$/],
  ['an SSH private key', /^id_(rsa|dsa|ecdsa|ed25519)/],
  [CREDENTIALS, /^credentials|^secrets\.|^\.secrets$|^\.git-credentials$/],
  ['a password file', /^(\.npmrc|\.yarnrc\.yml|\.pypirc|\.netrc|_netrc|\.pgpass|\.htpasswd|\.dockercfg|\.boto|\.s3cfg|\.my\.cnf)$/],
  ['a Terraform variables or state file', /\.tfvars(\.json)?$|\.tfstate(\.backup)?$/],
  ['a kubeconfig', /^kubeconfig|\.kubeconfig$/],
];

/** [the folder, the base name] of files whose name only says what they are together with their folder. */
const SECRET_PATHS: [string, string][] = [['.kube', 'config'], ['.docker', 'config.json']];

/** Which name rule `path` (any separator) breaks, e.g. 'an environment file'; undefined when none. */
export function secretFileName(path: string): string | undefined {
  const parts = path.toLowerCase().split(/[\\/]/);
  const base = parts[parts.length - 1];
  const folder = parts[parts.length - 2];
  if (ENV_EXAMPLES.has(base)) return undefined;
  for (const [what, re] of SECRET_NAMES) {
    // Code named for what it handles (credentials.ts, secrets.py, their source maps) is code; its content is
    // still checked.
    if (re.test(base) && !(what === CREDENTIALS && CODE_FILE.test(base.replace(/\.map$/, '')))) return what;
  }
  if (SECRET_PATHS.some(([d, b]) => folder === d && base === b)) return 'a tool\'s credentials file';
  return undefined;
}

export interface SecretHit {
  /** What was found, e.g. 'an AWS access key' (never the secret itself). */
  kind: string;
  /** 1-based line of the match. */
  line: number;
}

/**
 * Shapes that only secrets have. Each is specific enough to be found anywhere in a file: a vendor's fixed
 * prefix with its exact length, a PEM private-key block with its base64 body, a URL with a password in it.
 */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['a private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s|[A-Za-z0-9-]+:[^\n]*)*[A-Za-z0-9+/]{40,}/],
  ['an AWS access key', /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/],
  ['a GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/],
  ['a GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}\b/],
  ['a Slack token', /\bxox[abposre]-[A-Za-z0-9-]{10,}|hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9]+/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/],
  ['a Google OAuth client secret', /\bGOCSPX-[A-Za-z0-9_-]{20,}/],
  ['a Stripe secret key', /\b[sr]k_live_[0-9A-Za-z]{16,}\b/],
  ['an OpenAI or Anthropic API key', /\bsk-(?:proj-|ant-(?:api|admin)\d\d-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}/],
  ['an npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['a PyPI token', /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/],
  ['a Hugging Face token', /\bhf_[A-Za-z]{34}\b/],
  ['a SendGrid key', /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/],
  ['an Azure storage key', /\bAccountKey=[A-Za-z0-9+/]{80,}={0,2}/],
  // A JWT: base64url of '{"' twice (header and claims), then a signature.
  ['a JSON web token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/],
  // .npmrc (`//registry/:_authToken=…`) and .yarnrc.yml settings, unless the value is a variable (`${NPM_TOKEN}`).
  ['a registry auth token', /^[^\S\n]*(?:\S*:)?(?:_authToken|_auth|_password)[^\S\n]*=[^\S\n]*(?!\$)\S{8,}|^[^\S\n]*npmAuthToken:[^\S\n]*["']?(?!\$)[^\s"']{8,}/m],
];

/** scheme://user:password@host, found separately so placeholder passwords can be told apart. */
const URL_WITH_PASSWORD = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"`<>]+:([^\s/@'"`<>]+)@[^\s/'"`<>@]+/gi;

/**
 * Passwords that stand for one in documentation and templates, or that a program fills in. A URL's password
 * shorter than 6 characters (`user:pass@`, `foo:bar@`) is taken for an example too.
 */
const PLACEHOLDER = /^(?:\*+|x+|\.+|_+|password|passwd|secret|changeme|example|redacted|hidden|[$%{<[].*)$/i;
const MIN_URL_PASSWORD = 6;

/**
 * A value assigned to a name that ends in one of these words (split at case changes, `_`, `-`, `.`):
 * `DB_PASSWORD=…`, `apiKey: "…"`, `"client_secret": "…"`, `token := "…"`.
 */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'key', 'apikey', 'auth', 'credential', 'credentials']);
const ASSIGNMENT = /(?<![\w.-])(["']?)([A-Za-z_][\w.-]*)\1[ \t]*(?::=|=>|[:=])[ \t]*(?:(["'`])([^"'`\s\\]*)\3|([^\s"'`,;()[\]{}<>]+)(?=[\s,;]|$))/gm;

/**
 * High-entropy values: at least MIN_SECRET_LENGTH characters with at least MIN_BITS_PER_CHAR bits of
 * Shannon entropy per character, and both letters and digits. Chosen by test/unit/training/secrets.test.ts:
 * random tokens of 16+ characters (hex or base64, as services issue them) pass all; identifiers,
 * English words, paths and the repository's own code and prose do not.
 */
export const MIN_SECRET_LENGTH = 16;
export const MIN_BITS_PER_CHAR = 3;

/** Shannon entropy of `s` in bits per character (0 for ''). */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...s].length;
  let h = 0;
  for (const k of counts.values()) h -= (k / n) * Math.log2(k / n);
  return h;
}

/** Whether `value`, assigned to a secret-sounding name, looks like a real secret rather than code or a word. */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < MIN_SECRET_LENGTH || PLACEHOLDER.test(value)) return false;
  // Code, not a literal: member access (process.env.DB_PASSWORD), a path, a URL (./URL_WITH_PASSWORD looks
  // into those) or a template to be filled in.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) || /^\.{0,2}(?:\/[A-Za-z][\w.-]*){2,}\/?$/.test(value)) return false;
  if (/:\/\/|\$\{|\{\{|<%|%\(/.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value) || hasAlphabetRun(value) || isMadeOfWords(value)) return false;
  return shannonEntropy(value) >= MIN_BITS_PER_CHAR;
}

/**
 * Names and identifiers (`SIGN_UP_V2_SUBMIT`, `passwordRequiredV2`, `oauth2/v2.0/token`): split at separators
 * and lower-to-upper case changes, every piece is letters with at most a short number after them. A random
 * token's pieces mix letters and digits (a 20-character one passes for words about 1 time in 100).
 */
function isMadeOfWords(value: string): boolean {
  const pieces = value.split(/[_\-./+:]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  return pieces.length >= 2 && pieces.every((p) => /^[A-Za-z]+\d{0,4}$|^\d+$/.test(p));
}

/**
 * An alphabet or a made-up value (`ABCDEFGHIJ…`, `abcdef123456`): five characters in a row that follow each
 * other in the character set. A random token rarely has that: 32 hex digits about 1 time in 2,500,
 * 64 base64 characters about 1 time in 250,000.
 */
function hasAlphabetRun(value: string): boolean {
  for (let i = 0, run = 1; i + 1 < value.length; i++) {
    run = value.charCodeAt(i + 1) === value.charCodeAt(i) + 1 ? run + 1 : 1;
    if (run >= 5) return true;
  }
  return false;
}

/** `DB_PASSWORD`, `apiKey`, `client.secret`: the name's last word is a secret word (not `passwordRequired`). */
function nameSoundsSecret(name: string): boolean {
  const words = name.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s_.-]+/).filter(Boolean);
  return SECRET_WORDS.has(words[words.length - 1] ?? '');
}


/** Every kind of secret-looking thing in `text` (the content of `path`, if known), each where it is first found. */
export function findSecrets(text: string, path = ''): SecretHit[] {
  const code = CODE_FILE.test(path);
  const hits: { kind: string; at: number }[] = [];
  for (const [kind, re] of SECRET_PATTERNS) {
    const m = re.exec(text);
    if (m) hits.push({ kind, at: m.index });
  }
  for (const m of text.matchAll(URL_WITH_PASSWORD)) {
    if (m[1].length >= MIN_URL_PASSWORD && !PLACEHOLDER.test(m[1])) { hits.push({ kind: 'a URL with a password', at: m.index }); break; }
  }
  for (const m of text.matchAll(ASSIGNMENT)) {
    const value = m[4] ?? (code ? undefined : m[5]);
    if (value !== undefined && nameSoundsSecret(m[2]) && looksLikeSecretValue(value)) { hits.push({ kind: 'a secret-looking value', at: m.index }); break; }
  }
  // By line; on one line the specific kinds (found first) before a secret-looking value.
  return hits.map(({ kind, at }) => ({ kind, line: lineAt(text, at) })).sort((a, b) => a.line - b.line);
}

/** The first secret-looking thing in `text` (the content of `path`, if known), if any. */
export function findSecret(text: string, path = ''): SecretHit | undefined {
  return findSecrets(text, path)[0];
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
