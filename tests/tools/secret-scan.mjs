/**
 * The secret scan: no private or preshared key a test or the demo used may appear in anything they
 * printed. `run-tests.mjs` (and the demo) create a scan directory and pass it to every process as
 * HARMONYWG_SCAN_DIR; there
 *   - `secrets` lists the keys generated at run time, one per line (declareSecret: e.g. the e2e lab's
 *     `wg genkey` keys);
 *   - `*.out` hold outputs: each suite's stdout + stderr (the runner), the phone agent's and its VPN
 *     process's stderr, the CLI runs of the CLI suites (recordOutput).
 * The keys the fixtures declare in their sources are found by fixtureSecrets(): a key after
 * `PrivateKey` / `PresharedKey` (`=` or `:`) and string constants named …PRIVATE… / …PSK… /
 * …PRESHARED… / …SECRET… holding a key. A key is found in an output as its base64 text or the hex of
 * its 32 bytes (either case).
 */
import fs from 'node:fs';
import path from 'node:path';

export const SCAN_DIR_ENV = 'HARMONYWG_SCAN_DIR';

/** Records a key used at run time (no-op outside a scanned run). */
export function declareSecret(key) {
  const d = process.env[SCAN_DIR_ENV];
  if (d && typeof key === 'string' && key.length > 0) fs.appendFileSync(path.join(d, 'secrets'), key.trim() + '\n');
}

/** Adds `text` to the scanned outputs under `name` (no-op outside a scanned run). */
export function recordOutput(name, text) {
  const d = process.env[SCAN_DIR_ENV];
  if (d && text) fs.appendFileSync(path.join(d, String(name).replace(/[^A-Za-z0-9_.-]/g, '_') + '.out'), String(text));
}

const KEY = '([A-Za-z0-9+/]{43}=)';
const AFTER_KEY_NAME = new RegExp(`(?:private|preshared)_?key\\s*[=:]\\s*['"\`]?${KEY}`, 'gi');
const NAMED_CONSTANT = new RegExp(`(?:const|let|var)\\s+\\w*(?:private|psk|preshared|secret)\\w*\\s*(?::\\s*\\w+\\s*)?=\\s*['"]${KEY}['"]`, 'gi');

function walkFiles(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, out);
    else if (/\.(ts|mjs|ets|conf|json5?)$/.test(e.name)) out.push(p);
  }
  return out;
}

const ANY_CONSTANT = new RegExp(`(?:const|let|var)\\s+(\\w+)\\s*(?::\\s*\\w+\\s*)?=\\s*['"]${KEY}['"]`, 'g');
const KEY_NAME_THEN_IDENTIFIER = /(?:private|preshared)_?key\s*[=:]\s*(?:\$\{|['"`]\s*\+\s*)?([A-Za-z_]\w*)/gi;

function matches(re, text, group) {
  re.lastIndex = 0;
  const out = [];
  let m;
  while ((m = re.exec(text)) !== null) out.push(m[group]);
  return out;
}

/**
 * Keys the test sources declare: Map key → the file declaring it (repo-relative). A key counts when it
 * follows `PrivateKey`/`PresharedKey` literally, when a constant holding it is named like a secret, or
 * when a constant holding it is written after `PrivateKey`/`PresharedKey` (`${NAME}`, `' + NAME`, `: NAME`).
 */
export function fixtureSecrets(repo) {
  const found = new Map();
  const roots = ['tests', 'entry/src/test', 'entry/src/ohosTest'].map((r) => path.join(repo, r));
  const files = roots.flatMap((r) => walkFiles(r)).map((f) => ({ rel: path.relative(repo, f), text: fs.readFileSync(f, 'utf8') }));
  const add = (key, rel) => { if (Buffer.from(key, 'base64').length === 32 && !found.has(key)) found.set(key, rel); };
  const constants = new Map();
  for (const f of files) {
    for (const k of [...matches(AFTER_KEY_NAME, f.text, 1), ...matches(NAMED_CONSTANT, f.text, 1)]) add(k, f.rel);
    ANY_CONSTANT.lastIndex = 0;
    let m;
    while ((m = ANY_CONSTANT.exec(f.text)) !== null) {
      if (!constants.has(m[1])) constants.set(m[1], []);
      constants.get(m[1]).push({ key: m[2], rel: f.rel });
    }
  }
  for (const f of files) {
    for (const name of matches(KEY_NAME_THEN_IDENTIFIER, f.text, 1)) {
      for (const c of constants.get(name) ?? []) add(c.key, c.rel);
    }
  }
  return found;
}

/** Keys declared at run time in scan directory `dir`: Map key → 'run time'. */
export function declaredSecrets(dir) {
  const found = new Map();
  const f = path.join(dir, 'secrets');
  if (!fs.existsSync(f)) return found;
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    const k = line.trim();
    if (k !== '') found.set(k, 'declared at run time');
  }
  return found;
}

/**
 * Every place a key of `secrets` (Map key → where declared) occurs in the outputs of `dir`
 * (plus `extra`: [{ name, text }]). Returns [{ output, key, form, where }] — `key` shortened to its
 * first 4 characters (the report itself must not print it).
 */
export function scanOutputs(dir, secrets, extra = []) {
  const outputs = [...extra];
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.endsWith('.out')) outputs.push({ name, text: fs.readFileSync(path.join(dir, name), 'latin1') });
    }
  }
  const hits = [];
  for (const [key, where] of secrets) {
    const hex = Buffer.from(key, 'base64').toString('hex');
    for (const o of outputs) {
      const lower = o.text.toLowerCase();
      const form = o.text.includes(key) ? 'base64' : lower.includes(hex) ? 'hex' : null;
      if (form) hits.push({ output: o.name, key: key.slice(0, 4) + '…', form, where });
    }
  }
  return { hits, outputs: outputs.length, bytes: outputs.reduce((n, o) => n + o.text.length, 0), keys: secrets.size };
}
