/**
 * `fetch URL [--json] [--allow-http] [--timeout-ms N] [--ca FILE]`, `import FILE... [--json]` and
 * `export NAME|--all [--out FILE]`: the app's import and export paths on the host, on the store in
 * HARMONYWG_FILES_DIR (keys in the host Asset Store, HARMONYWG_ASSET_DIR).
 *   fetch: the URL-import fetch step of ImportViewModel over `@ohos/axios` (npm axios here), then
 *     exactly what `check` prints for the fetched text (exit 0 / 1); a failed fetch prints
 *     `error: FETCH <PROBLEM>: <the app's words>` or with --json
 *     `{"ok":false,"error":{"kind":"FETCH","problem","status","code","text"}}` (exit 1). A plain http
 *     URL needs --allow-http (the app asks the person). --ca trusts a CA file (the test seam).
 *   import: ImportViewModel.importDocuments (a .zip as its .conf entries; names from file names,
 *     clashes saved as <name>-<n>); one line per tunnel (`ok|error: <text>`), exit 1 if any failed.
 *   export: ExportViewModel's confirmed export (the command is the confirmation): NAME.conf, or
 *     wireguard-export.zip for --all, with the private keys (said on stderr); --out names the file.
 * Exit 2 for usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import baseStrings from '../../../../entry/src/main/resources/base/element/string.json';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl } from '../../../../entry/src/main/ets/viewmodel/MainViewModel';
import { ImportViewModel } from '../../../../entry/src/main/ets/viewmodel/ImportViewModel';
import { EXPORT_ZIP_NAME, ExportViewModel } from '../../../../entry/src/main/ets/viewmodel/ExportViewModel';
import { DocumentPicker } from '../../../../entry/src/main/ets/io/Documents';
import { FETCH_TIMEOUT_MS, FetchError, UrlFetcher } from '../../../../entry/src/main/ets/io/UrlFetcher';
import { QrScanner } from '../../../../entry/src/main/ets/viewmodel/QrScanner';
import { hostRuntime } from '../../runtime';
import { checkText } from './check';

class EnglishTexts implements TextSource {
  private readonly m = new Map<string, string>(baseStrings.string.map((s: { name: string; value: string }) => [s.name, s.value]));
  text(name: string, args: string[]): string {
    const t = this.m.get(name) ?? name;
    return args.reduce((acc, a, i) => acc.split(`{${i}}`).join(a), t);
  }
}

class NoControl implements VpnControl {
  async start(): Promise<void> { throw new Error('not here'); }
  async stop(): Promise<void> {}
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}

/** The picker as the command line fills it: nothing to choose, saves to `out`. */
class CliPicker implements DocumentPicker {
  constructor(private readonly out: string) {}
  async select(): Promise<string[]> { return []; }
  async save(): Promise<string> { return this.out; }
}

class NoScanner implements QrScanner {
  available(): boolean { return false; }
  async scan(): Promise<string> { return ''; }
}

function models(timeoutMs: number, ca: string, out = ''): { imp: ImportViewModel; exp: ExportViewModel; main: MainViewModel } {
  const texts = new EnglishTexts();
  const files = hostRuntime().filesDir;
  fs.mkdirSync(files, { recursive: true });
  const main = new MainViewModel(files, new NoControl(), texts, () => Date.now(), null, () => 0);
  const picker = new CliPicker(out);
  return { main, imp: new ImportViewModel(main, texts, picker, new UrlFetcher(), new NoScanner(), timeoutMs, ca), exp: new ExportViewModel(main, texts, picker) };
}

async function fetchCommand(args: string[]): Promise<number> {
  let url = '';
  let json = false;
  let allowHttp = false;
  let timeoutMs = FETCH_TIMEOUT_MS;
  let ca = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--allow-http') allowHttp = true;
    else if (a === '--timeout-ms' && i + 1 < args.length) timeoutMs = Number(args[++i]);
    else if (a === '--ca' && i + 1 < args.length) ca = args[++i];
    else if (!a.startsWith('--') && url === '') url = a;
    else { process.stderr.write(`fetch: unexpected argument ${a}\n`); return 2; }
  }
  if (url === '' || !(timeoutMs > 0)) {
    process.stderr.write('usage: fetch <URL> [--json] [--allow-http] [--timeout-ms N] [--ca FILE]\n');
    return 2;
  }
  const { imp } = models(timeoutMs, ca);
  const t0 = Date.now();
  let text: string;
  try {
    text = await imp.fetchConfigText(url, allowHttp);
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    const words = imp.fetchProblemText(e);
    if (json) {
      process.stdout.write(JSON.stringify({ ok: false, error: { kind: 'FETCH', problem: e.problem, status: e.status, code: e.code, text: words } }) + '\n');
    } else {
      process.stdout.write(`error: FETCH ${e.problem}: ${words}\n`);
    }
    process.stderr.write(`fetch: ${e.problem} after ${Date.now() - t0} ms\n`);
    return 1;
  }
  process.stderr.write(`fetch: ${Buffer.byteLength(text)} bytes in ${Date.now() - t0} ms\n`);
  return checkText(text, json);
}

async function importCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) { process.stderr.write('usage: import <file.conf|file.zip>... [--json]\n'); return 2; }
  const { imp, main } = models(FETCH_TIMEOUT_MS, '');
  await imp.importDocuments(files.map((f) => path.resolve(f)));
  const lines = imp.current().lines;
  if (json) {
    process.stdout.write(JSON.stringify({ ok: lines.every((l) => !l.failed), results: lines.map((l) => ({ ok: !l.failed, name: l.savedName, text: l.text })), tunnels: main.tunnelStore().list() }) + '\n');
  } else {
    for (const l of lines) process.stdout.write(`${l.failed ? 'error' : 'ok'}: ${l.text}\n`);
  }
  return lines.length > 0 && lines.every((l) => !l.failed) ? 0 : 1;
}

async function exportCommand(args: string[]): Promise<number> {
  let name = '';
  let all = false;
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--all') all = true;
    else if (args[i] === '--out' && i + 1 < args.length) out = args[++i];
    else if (!args[i].startsWith('--') && name === '') name = args[i];
    else { process.stderr.write(`export: unexpected argument ${args[i]}\n`); return 2; }
  }
  if ((name === '') === !all) { process.stderr.write('usage: export <NAME> | --all [--out FILE]\n'); return 2; }
  const file = path.resolve(out !== '' ? out : (all ? EXPORT_ZIP_NAME : `${name}.conf`));
  const { exp } = models(FETCH_TIMEOUT_MS, '', file);
  if (all) exp.requestZip(); else exp.requestConf(name);
  process.stderr.write(`warning: ${exp.current().warningText}\n`);
  const ok = await exp.confirm();
  process.stdout.write(`${ok ? 'ok' : 'error'}: ${exp.current().resultText}${ok ? ` (${file})` : ''}\n`);
  return ok ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'fetch') return fetchCommand(rest);
  if (command === 'import') return importCommand(rest);
  if (command === 'export') return exportCommand(rest);
  process.stderr.write(`io: unknown command ${command}\n`);
  return 2;
}
