// The secret rules shared by the training panel and `train-lm`. Every secret-looking fixture is put together
// at run time, so that this file (scanned by the last test, like every tracked file) holds none itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { looksBinary } from '../../../src/training/fileRules';
import {
  findSecret, findSecrets, looksLikeSecretValue, MIN_BITS_PER_CHAR, MIN_SECRET_LENGTH, secretFileName, shannonEntropy,
} from '../../../src/training/secrets';

const root = join(__dirname, '..', '..', '..', '..');
const j = (...parts: string[]) => parts.join('');

test('secret files by name, in any folder and either separator', () => {
  const secret = [
    '.env', '.env.local', '.env.production', 'app/.envrc', 'deploy\\prod.env',
    'server.pem', 'tls/server.key', 'cert.p12', 'cert.pfx', 'release.keystore', 'upload.jks', 'AuthKey.p8',
    '.ssh/id_rsa', 'id_rsa.pub', 'id_ed25519', 'id_ecdsa', 'id_dsa',
    'credentials', '.aws/credentials', 'credentials.json', 'secrets.yml', 'config/secrets.json', '.git-credentials',
    '.npmrc', '.netrc', '.pgpass', '.pypirc', '.htpasswd', '.yarnrc.yml',
    'prod.tfvars', 'prod.tfvars.json', 'terraform.tfstate', 'kubeconfig', 'staging.kubeconfig', '.kube/config', '.docker/config.json',
  ];
  for (const p of secret) assert.ok(secretFileName(p), `${p} should look like a secret`);
  assert.equal(secretFileName('.env'), 'an environment file');
  assert.equal(secretFileName('home/.ssh/id_rsa'), 'an SSH private key');
  const plain = [
    // Examples document variables and hold none: kept by name (their content is still checked, below).
    '.env.example', '.env.sample', '.env.template',
    // Code named for what it handles is code.
    'src/auth/credentials.ts', 'lib/secrets.py', 'dist/credentials.js.map',
    'src/environment.ts', 'docs/keys.md', 'keyboard.ts', 'config.yml', 'src/config', 'tokenizer.ts', 'monkey.txt', 'README.md',
  ];
  for (const p of plain) assert.equal(secretFileName(p), undefined, p);
});

test('secret content: key blocks, vendor tokens, auth settings, URLs with passwords', () => {
  const b64 = 'MIIEowIBAAKCAQEAx4Nq9k2rT8vLmW3pZ7yJ0'.repeat(2);
  const cases: [string, string, string][] = [
    ['a private key', 'id', j('-----BEGIN RSA ', 'PRIVATE KEY-----\n', b64, '\n-----END RSA ', 'PRIVATE KEY-----\n')],
    ['a private key', 'key.txt', j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', b64, '\n')],
    ['a private key', 'sa.json', j('{\n  "private_key": "-----BEGIN ', 'PRIVATE KEY-----\\n', b64, '\\n"\n}\n')],
    ['a private key', 'key.asc', j('-----BEGIN PGP ', 'PRIVATE KEY BLOCK-----\n\n', b64, '\n')],
    ['an AWS access key', 'deploy.sh', j('export AWS_ACCESS_KEY_ID=', 'AKIA', 'Q3EGT6JX2M7WB5ZR', '\n')],
    ['a GitHub token', 'ci.yml', j('token: ', 'ghp_', 'k2Lm9Qx7Rt3Vb8Nw4Zp6Yc1Hs5Jd0Fg2Ae7W', '\n')],
    ['a GitHub token', 'notes.md', j('use ', 'github_pat_', '11ABCDE2F0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789', ' here\n')],
    ['a Slack token', 'bot.py', j('client = WebClient(', '"xoxb-', '1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx")\n')],
    ['a Google API key', 'maps.js', j('const maps = load(', '"AIza', 'SyD3x9Kq2Lm7Rt8Vb4Nw1Zp6Yc5Hs0JdF2k"', ');\n')],
    ['a Stripe secret key', 'pay.rb', j('Stripe.api_key = ', '"sk_live_', '4eC39HqLyjWDarjtT1zdp7dc"\n')],
    ['an npm token', 'publish.sh', j('npm config set ', 'npm_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', '\n')],
    ['a JSON web token', 'request.http', j('Authorization: Bearer ', 'eyJ', 'hbGciOiJIUzI1NiJ9.', 'eyJ', 'zdWIiOiIxMjM0NTY3ODkwIn0.', 'dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', '\n')],
    ['a registry auth token', 'npmrc.txt', j('//registry.npmjs.org/:', '_authToken=', 'f1e2d3c4-b5a6-4789-90ab-cdef01234567', '\n')],
    ['a URL with a password', 'docker-compose.yml', j('DATABASE_URL: postgres://app:', 'Vq7x9Lm2', 'Rt8Kp4Zw@db:5432/app\n')],
    ['a URL with a password', 'mirror.md', j('Clone https://deploy:', 'w8Xk2mQ9', '@git.example.org/app.git\n')],
  ];
  for (const [kind, path, text] of cases) {
    const hit = findSecret(text, path);
    assert.equal(hit?.kind, kind, `${path}: ${JSON.stringify(text)}`);
  }
  const multiLine = j('# settings\n\nname: app\n', 'aws_key: ', 'AKIA', 'Q3EGT6JX2M7WB5ZR', '\n');
  // Every kind found, by line; on one line the specific kind first.
  assert.deepEqual(findSecrets(multiLine, 'settings.yml'), [{ kind: 'an AWS access key', line: 4 }, { kind: 'a secret-looking value', line: 4 }]);
});

test('references to secrets, placeholders and ordinary code are not secrets', () => {
  const plain: [string, string][] = [
    ['auth.py', 'password = getenv("X")\n'],
    ['auth.ts', 'let token: string;\nconst password = process.env.DB_PASSWORD;\nconst apiKey = config.get("apiKey");\n'],
    ['auth.ts', 'this.passwordRequired = FlowSignUpPasswordRequiredResultV2;\nconst key = `${prefix}-${hash}`;\n'],
    ['.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'],
    ['.yarnrc.yml', 'npmAuthToken: "${NPM_TOKEN}"\n'],
    ['docs.md', 'Connect with `postgres://user:password@localhost/db` or mysql://root:${MYSQL_PASSWORD}@db/app.\n'],
    ['docs.md', 'Examples: https://user:pass@example.com, https://abc:xyz@example.com, uri://foo:bar@host.\n'],
    ['.env.example', 'DATABASE_URL=postgres://app:changeme@localhost:5432/app\nAPI_KEY=\nSECRET_KEY=<your secret key>\n'],
    ['base64.js', 'var _keyStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";\n'],
    ['tokens.json', '{ "tokenizer": "utf8-bytes", "maxTokens": 4096, "key": "completions.debounceMs" }\n'],
    ['app.yml', 'auth_url: https://login.example.com/oauth2/v2.0/token\nsecret_path: /var/run/secrets/app/token\n'],
    ['prose.md', 'The key: a token is a word-sized unit, and the password is never stored.\n'],
  ];
  for (const [path, text] of plain) assert.deepEqual(findSecrets(text, path), [], `${path}: ${JSON.stringify(text)}`);
});

/** A small seeded generator (mulberry32), so that the random tokens below are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test(`a value assigned to a secret name is one with ${MIN_SECRET_LENGTH}+ characters, letters and digits and ${MIN_BITS_PER_CHAR}+ bits per character`, () => {
  // True positives: tokens as services issue them (random hex, alphanumerics, base64), assigned in a .env file.
  const next = random(19);
  const alphabets = { hex: '0123456789abcdef', alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/' };
  const rate = (alphabet: string, length: number) => {
    let found = 0;
    for (let i = 0; i < 1000; i++) {
      const token = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      if (findSecret(`API_TOKEN=${token}\n`, '.env.example')) found++;
    }
    return found / 1000;
  };
  // Measured with this seed, for 16 / 20 / 32 characters: hex 0.855 / 0.970 / 1.000, alphanumerics
  // 0.938 / 0.966 / 0.994, base64 0.911 / 0.950 / 0.993. Misses: short hex with little entropy, and tokens
  // without a digit or whose pieces read like words (the price of not flagging identifiers, below).
  for (const [name, alphabet] of Object.entries(alphabets)) {
    assert.ok(rate(alphabet, 16) >= 0.8, `${name} 16`);
    assert.ok(rate(alphabet, 20) >= 0.93, `${name} 20`);
    assert.ok(rate(alphabet, 32) >= 0.98, `${name} 32`);
  }
  // False positives: values that sit next to secret names in code and configuration without being secrets.
  const notSecrets = [
    'string', 'getenv("X")', 'process.env.DB_PASSWORD', 'SIGN_UP_V2_SUBMIT_PASSWORD', 'passwordRequiredV2',
    'utf8-bytes-tokenizer', 'completions.debounceMs', 'oauth2/v2.0/token', '/var/run/secrets/app/token',
    '2024-01-01T00:00:00Z', '0123456789abcdef0123', 'ABCDEFGHIJKLMNOP12', 'https://example.com/v1/token',
    '${{ secrets.NPM_TOKEN }}', '**************', 'xxxxxxxxxxxxxxxxxxxx', 'aaaaaaaa11111111', 'Kp4Zw9Lm2Rt8Vq7', // 15 characters: too short
  ];
  for (const v of notSecrets) assert.equal(looksLikeSecretValue(v), false, v);
  assert.ok(shannonEntropy('aaaaaaaa11111111') < MIN_BITS_PER_CHAR);
  assert.equal(shannonEntropy('abcd'), 2);
  assert.equal(shannonEntropy(''), 0);
});

test('the repository\'s own tracked files hold nothing that looks like a secret', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  assert.ok(tracked.length > 100, `git ls-files listed ${tracked.length} files`);
  const hits: string[] = [];
  let scanned = 0;
  for (const path of tracked) {
    const full = join(root, ...path.split('/'));
    if (!statSync(full, { throwIfNoEntry: false })?.isFile()) continue;
    const bytes = new Uint8Array(readFileSync(full));
    if (looksBinary(bytes)) continue;
    scanned++;
    const byName = secretFileName(path);
    if (byName) hits.push(`${path}: ${byName}`);
    for (const hit of findSecrets(new TextDecoder().decode(bytes), path)) hits.push(`${path}:${hit.line}: ${hit.kind}`);
  }
  assert.ok(scanned > 100, `only ${scanned} text files scanned`);
  assert.deepEqual(hits, []);
});
