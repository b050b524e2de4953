/**
 * Issue 11 items 4 and 5 through their view models (ImportViewModel, ExportViewModel) with the real
 * MainViewModel import path, the real store (host files and Asset Store), real fflate archives, the
 * real UrlFetcher over a fake `@ohos/axios` and fake document picker / scanner seams: the files,
 * keystore entries and states after each flow. (The URL path against real servers: tests/e2e/url-import.test.ts.)
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { freeTunnelName, ImportUiState, ImportViewModel } from '../../entry/src/main/ets/viewmodel/ImportViewModel';
import { EXPORT_ZIP_NAME, ExportKind, ExportViewModel } from '../../entry/src/main/ets/viewmodel/ExportViewModel';
import { DocumentPicker } from '../../entry/src/main/ets/io/Documents';
import { UrlFetcher } from '../../entry/src/main/ets/io/UrlFetcher';
import { QrScanner, SCAN_SYSCAP, SystemQrScanner } from '../../entry/src/main/ets/viewmodel/QrScanner';
import { BadConfigError } from '../../entry/src/main/ets/core/config/BadConfigError';
import { TunnelConfig } from '../../entry/src/main/ets/core/config/TunnelConfig';
import { describeConfigError } from '../../entry/src/main/ets/viewmodel/ConfigErrorText';
import { EnglishTexts, NoControl } from './texts-fixture';

const PRIVATE_A = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PRIVATE_B = 'aO8/ZnV1ztyPK1D+b8sBVJ0pRq1fy0dSDPXHXs3XM0o=';
const PSK_B = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';
const PUBLIC = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
/** Every key the suite uses (the run's secret scan reads this list). */
export const SECRETS_USED = [PRIVATE_A, PRIVATE_B, PSK_B];

const TEXT_A = '# home\r\n[Interface]\r\nPrivateKey = ' + PRIVATE_A + '\r\nAddress = 10.0.0.2/32\r\n\r\n' +
  '[Peer]\r\nPublicKey = ' + PUBLIC + '\r\nAllowedIPs = 0.0.0.0/0\r\nEndpoint = 192.0.2.1:51820\r\n';
const TEXT_B = '[Interface]\nPrivateKey = ' + PRIVATE_B + '\nAddress = 10.0.1.2/32\nPostUp = echo hi\n\n[Peer]\nPublicKey = ' + PUBLIC +
  '\nPresharedKey = ' + PSK_B + '\nAllowedIPs = 10.0.1.0/24\n';
const HTML = '<!doctype html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n';

const en = new EnglishTexts();


/** The picker seam: the files "chosen" and the folder "chosen" to save in ('' = cancelled). */
class FakePicker implements DocumentPicker {
  chosen: string[] = [];
  saveDir = '';
  selects = 0;
  saves: string[] = [];
  async select(suffixes: string[], max: number): Promise<string[]> {
    this.selects++;
    expect(suffixes.join(',')).assertEqual('.conf,.zip');
    return this.chosen.slice(0, max);
  }
  async save(fileName: string): Promise<string> {
    this.saves.push(fileName);
    return this.saveDir === '' ? '' : 'file://' + encodeURI(path.join(this.saveDir, fileName));
  }
}

/** `@ohos/axios` stand-in: answers by URL from a table; records every request's options. */
class FakeAxios {
  requests: any[] = [];
  answers = new Map<string, () => any>();
  async request(config: any): Promise<any> {
    this.requests.push(config);
    const a = this.answers.get(config.url);
    if (a === undefined) throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND', isAxiosError: true });
    return a();
  }
}

class FakeScanner implements QrScanner {
  constructor(private readonly has: boolean, private readonly text: string) {}
  scans = 0;
  available(): boolean { return this.has; }
  async scan(): Promise<string> { this.scans++; return this.text; }
}

class Fixture {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-io-'));
  files = path.join(this.base, 'files');
  inbox = path.join(this.base, 'inbox');
  out = path.join(this.base, 'out');
  picker = new FakePicker();
  axios = new FakeAxios();
  scanner: FakeScanner;
  main: MainViewModel;
  imp: ImportViewModel;
  exp: ExportViewModel;
  seen: ImportUiState[] = [];
  constructor(scanner = new FakeScanner(false, '')) {
    fs.mkdirSync(this.files);
    fs.mkdirSync(this.inbox);
    fs.mkdirSync(this.out);
    process.env.HARMONYWG_ASSET_DIR = path.join(this.base, 'asset');
    this.scanner = scanner;
    this.main = new MainViewModel(this.files, new NoControl(), en, () => 1_700_000_000_000, null, () => 1000);
    this.imp = new ImportViewModel(this.main, en, this.picker, new UrlFetcher(this.axios as any), this.scanner, 3000);
    this.exp = new ExportViewModel(this.main, en, this.picker);
    this.imp.setListener((s) => this.seen.push(s));
  }
  put(name: string, data: string | Uint8Array): string {
    const p = path.join(this.inbox, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    return p;
  }
  tunnelFile(name: string): string { return fs.readFileSync(path.join(this.files, 'tunnels', name + '.conf'), 'utf8'); }
  names(): string[] { return this.main.tunnelStore().list(); }
  lines(): string[] { return this.imp.current().lines.map((l) => `${l.failed ? 'FAIL' : 'OK'} ${l.text}`); }
  done(): void { fs.rmSync(this.base, { recursive: true, force: true }); }
}

function badConfigText(text: string): string {
  try { TunnelConfig.parse(text); } catch (e) { return describeConfigError(e as BadConfigError, en); }
  throw new Error('expected a BadConfigError');
}

export default function importExportTest(): void {
  describe('Import and export view models (issue 11.4, 11.5)', () => {
    it('a .conf from the picker: saved under its file name with keys in the keystore, selected, the result shown', 0, async () => {
      const f = new Fixture();
      f.picker.chosen = [f.put('wg0.conf', TEXT_A)];
      expect(await f.imp.pickFiles()).assertEqual(1);
      expect(f.picker.selects).assertEqual(1);
      expect(JSON.stringify(f.names())).assertEqual('["wg0"]');
      expect(f.tunnelFile('wg0').includes(PRIVATE_A)).assertFalse();
      expect(f.main.tunnelStore().load('wg0')).assertEqual(TEXT_A);
      expect(f.main.current().selectedTunnel).assertEqual('wg0');
      expect(JSON.stringify(f.lines())).assertEqual(JSON.stringify([`OK wg0.conf: ${en.text('import_saved', ['wg0'])}`]));
      expect(f.seen.some((s) => s.busy)).assertTrue();
      expect(f.imp.current().busy).assertFalse();
      f.done();
    });

    it('a name clash is resolved, not overwritten: the second wg0.conf is saved as wg0-2 and wg0 keeps its text', 0, async () => {
      const f = new Fixture();
      await f.imp.importDocuments([f.put('wg0.conf', TEXT_A)]);
      await f.imp.importDocuments([f.put('again/wg0.conf', TEXT_B)]);
      expect(JSON.stringify(f.names())).assertEqual('["wg0","wg0-2"]');
      expect(f.main.tunnelStore().load('wg0')).assertEqual(TEXT_A);
      expect(f.main.tunnelStore().load('wg0-2')).assertEqual(TEXT_B);
      expect(f.lines()[0]).assertEqual(`OK wg0.conf: ${en.text('import_saved_renamed', ['wg0-2', 'wg0'])}`);
      expect(freeTunnelName('fifteen-chars-x', ['fifteen-chars-x'])).assertEqual('fifteen-chars-2');
      f.done();
    });

    it('a .zip: each .conf entry (folders and other files skipped) under its entry name; a broken entry reports its BadConfigError text', 0, async () => {
      const f = new Fixture();
      const broken = '[Interface]\nPrivateKey = ' + PRIVATE_A + '\nMTU = lots\n';
      const zip = zipSync({ 'home.conf': strToU8(TEXT_A), 'office/work.conf': strToU8(TEXT_B), 'README.txt': strToU8('hi'),
        'broken.conf': strToU8(broken) });
      f.picker.chosen = [f.put('export.zip', zip)];
      expect(await f.imp.pickFiles()).assertEqual(2);
      expect(JSON.stringify(f.names())).assertEqual('["home","work"]');
      expect(f.main.tunnelStore().load('work')).assertEqual(TEXT_B);
      const lines = f.lines();
      expect(lines.length).assertEqual(3);
      expect(lines).assertContain(`OK export.zip: home.conf: ${en.text('import_saved', ['home'])}`);
      expect(lines).assertContain(`FAIL export.zip: broken.conf: ${badConfigText(broken)}`);
      // work has a PostUp: its warning is shown (the last saved tunnel's warnings)
      f.done();
    });

    it('hostile or wrong files change nothing: an entry inflating past 64 KiB, not a zip, a 70 KiB .conf, a name that cannot be a tunnel, a .txt', 0, async () => {
      const f = new Fixture();
      const bomb = zipSync({ 'big.conf': new Uint8Array(65537).fill(0x23) }, { level: 9 });
      expect(bomb.length < 2000).assertTrue();
      await f.imp.importDocuments([f.put('bomb.zip', bomb), f.put('fake.zip', 'not a zip'), f.put('huge.conf', '#'.repeat(70000)),
        f.put('my home tunnel.conf', TEXT_A), f.put('notes.txt', TEXT_A)]);
      expect(f.names().length).assertEqual(0);
      expect(JSON.stringify(f.lines())).assertEqual(JSON.stringify([
        `FAIL bomb.zip: ${en.text('import_zip_entry_too_large', ['big.conf'])}`,
        `FAIL fake.zip: ${en.text('import_zip_not_a_zip', [])}`,
        `FAIL huge.conf: ${en.text('import_file_too_large', ['64'])}`,
        `FAIL my home tunnel.conf: ${en.text('import_file_bad_name', ['my home tunnel'])}`,
        `FAIL notes.txt: ${en.text('import_file_not_conf', [])}`,
      ]));
      f.picker.chosen = [];
      expect(await f.imp.pickFiles()).assertEqual(0); // cancelled picker: the last result stays
      expect(f.lines().length).assertEqual(5);
      f.done();
    });

    it('URL: https saved under the last path segment with the limits passed to @ohos/axios; plain http only after confirming', 0, async () => {
      const f = new Fixture();
      f.axios.answers.set('https://vpn.example.net/conf/phone.conf?t=1', () => ({ status: 200, data: TEXT_A, headers: {} }));
      f.axios.answers.set('http://192.0.2.7/laptop.conf', () => ({ status: 200, data: TEXT_B, headers: {} }));
      expect(await f.imp.importUrl('https://vpn.example.net/conf/phone.conf?t=1', '')).assertTrue();
      const r = f.axios.requests[0];
      // redirects are followed by the fetcher itself (maxRedirects 0 to the library), one hop at a time
      expect(`${r.timeout} ${r.maxRedirects} ${r.maxContentLength} ${r.responseType} ${r.caPath}`).assertEqual('3000 0 65536 text undefined');
      expect(f.main.tunnelStore().load('phone')).assertEqual(TEXT_A);

      expect(await f.imp.importUrl('http://192.0.2.7/laptop.conf', '')).assertFalse();
      expect(f.axios.requests.length).assertEqual(1); // not fetched before the person allows it
      expect(f.imp.current().plainHttpUrl).assertEqual('http://192.0.2.7/laptop.conf');
      expect(f.imp.current().confirmText).assertEqual(en.text('import_confirm_plain_http', ['http://192.0.2.7/laptop.conf']));
      f.imp.cancelPlainHttp();
      expect(f.imp.current().plainHttpUrl).assertEqual('');
      expect(await f.imp.importUrl('http://192.0.2.7/laptop.conf', 'lap')).assertFalse();
      expect(await f.imp.confirmPlainHttp()).assertTrue();
      expect(f.axios.requests.length).assertEqual(2);
      expect(JSON.stringify(f.names())).assertEqual('["lap","phone"]');
      f.done();
    });

    it('URL redirects: relative hops followed (at most 5), a loop stops at the sixth request, https → http refused unless allowed', 0, async () => {
      const f = new Fixture();
      const to = (location: string) => () => ({ status: 302, data: '', headers: { location } });
      f.axios.answers.set('https://h/a/start.conf', to('../b/next'));
      f.axios.answers.set('https://h/b/next', to('//h2/final/office.conf'));
      f.axios.answers.set('https://h2/final/office.conf', () => ({ status: 200, data: TEXT_A, headers: {} }));
      expect(await f.imp.importUrl('https://h/a/start.conf', '')).assertTrue();
      expect(JSON.stringify(f.axios.requests.map((r) => r.url))).assertEqual('["https://h/a/start.conf","https://h/b/next","https://h2/final/office.conf"]');
      expect(JSON.stringify(f.names())).assertEqual('["start"]');
      f.axios.requests = [];
      f.axios.answers.set('https://h/loop', to('/loop'));
      expect(await f.imp.importUrl('https://h/loop', 'x')).assertFalse();
      expect(f.axios.requests.length).assertEqual(6);
      expect(f.lines()[0]).assertEqual(`FAIL ${en.text('fetch_redirects', [])}`);
      f.axios.answers.set('https://h/down.conf', to('http://h/plain.conf'));
      f.axios.answers.set('http://h/plain.conf', () => ({ status: 200, data: TEXT_B, headers: {} }));
      expect(await f.imp.importUrl('https://h/down.conf', '')).assertFalse();
      expect(f.lines()[0]).assertEqual(`FAIL ${en.text('fetch_redirect_to_http', [])}`);
      expect(JSON.stringify(f.names())).assertEqual('["start"]');
      f.done();
    });

    it('URL failures in words, nothing saved: DNS, 404, 500, too large, HTML (the BadConfigError text), timeout, TLS, redirects, not a URL', 0, async () => {
      const f = new Fixture();
      const axiosError = (code: string, message = code) => () => { throw Object.assign(new Error(message), { code, isAxiosError: true }); };
      const status = (n: number) => () => { throw Object.assign(new Error(`Request failed with status code ${n}`), { code: 'ERR_BAD_REQUEST', response: { status: n, data: '' } }); };
      f.axios.answers.set('https://h/404.conf', status(404));
      f.axios.answers.set('https://h/500.conf', status(500));
      f.axios.answers.set('https://h/big.conf', axiosError('ERR_BAD_RESPONSE', 'maxContentLength size of 65536 exceeded'));
      f.axios.answers.set('https://h/declared.conf', () => ({ status: 200, data: '', headers: { 'content-length': '1048576' } }));
      f.axios.answers.set('https://h/page.conf', () => ({ status: 200, data: HTML, headers: {} }));
      f.axios.answers.set('https://h/slow.conf', axiosError('ECONNABORTED', 'timeout of 3000ms exceeded'));
      f.axios.answers.set('https://h/tls.conf', axiosError('DEPTH_ZERO_SELF_SIGNED_CERT'));
      f.axios.answers.set('https://h/loop.conf', axiosError('ERR_FR_TOO_MANY_REDIRECTS'));
      f.axios.answers.set('https://h/refused.conf', axiosError('ECONNREFUSED'));
      f.axios.answers.set('https://h/device-dns.conf', axiosError('2300006'));
      const cases: Array<[string, string]> = [
        ['https://nowhere.invalid/a.conf', en.text('fetch_dns', [])],
        ['https://h/device-dns.conf', en.text('fetch_dns', [])],
        ['https://h/404.conf', en.text('fetch_not_found', [])],
        ['https://h/500.conf', en.text('fetch_http_status', ['500'])],
        ['https://h/big.conf', en.text('fetch_too_large', ['64'])],
        ['https://h/declared.conf', en.text('fetch_too_large', ['64'])],
        ['https://h/page.conf', badConfigText(HTML)],
        ['https://h/slow.conf', en.text('fetch_timeout', ['3'])],
        ['https://h/tls.conf', en.text('fetch_tls', [])],
        ['https://h/loop.conf', en.text('fetch_redirects', [])],
        ['https://h/refused.conf', en.text('fetch_connect', [])],
        ['ftp://h/a.conf', en.text('fetch_bad_url', [])],
        ['vpn.conf', en.text('fetch_bad_url', [])],
      ];
      for (const [url, want] of cases) {
        expect(await f.imp.importUrl(url, '')).assertFalse();
        expect(`${url} → ${f.lines().join('|')}`).assertEqual(`${url} → FAIL ${want}`);
      }
      expect(f.names().length).assertEqual(0);
      f.done();
    });

    it('QR: hidden with no error where the device has no scanner; where it has one the code is imported under the given name', 0, async () => {
      const none = new Fixture(new FakeScanner(false, TEXT_A));
      expect(none.imp.current().qrAvailable).assertFalse();
      expect(await none.imp.scanQr('qr')).assertFalse();
      expect(none.scanner.scans).assertEqual(0);
      expect(none.imp.current().lines.length).assertEqual(0);
      none.done();
      const f = new Fixture(new FakeScanner(true, TEXT_B));
      expect(f.imp.current().qrAvailable).assertTrue();
      expect(await f.imp.scanQr('')).assertFalse();
      expect(f.lines()[0]).assertEqual(`FAIL ${en.text('import_name_needed', [])}`);
      expect(await f.imp.scanQr('phone')).assertTrue();
      expect(f.main.tunnelStore().load('phone')).assertEqual(TEXT_B);
      expect(f.imp.current().warnings.length > 0).assertTrue(); // PostUp is kept but never run
      f.done();
    });

    it('SystemQrScanner: hidden without the scanning kit (no canIUse, or canIUse false, or no launcher); shown and delegating where canIUse(ScanBarcode) is true', 0, async () => {
      const g = globalThis as any;
      const launch = async (): Promise<string> => TEXT_A;
      expect(new SystemQrScanner(launch).available()).assertFalse(); // the host has no canIUse: treated as absent
      const asked: string[] = [];
      g.canIUse = (s: string) => { asked.push(s); return false; };
      try {
        expect(new SystemQrScanner(launch).available()).assertFalse();
        expect(await new SystemQrScanner(launch).scan()).assertEqual('');
        g.canIUse = (s: string) => { asked.push(s); return s === SCAN_SYSCAP; };
        expect(new SystemQrScanner(null).available()).assertFalse();
        expect(new SystemQrScanner(launch).available()).assertTrue();
        expect(await new SystemQrScanner(launch).scan()).assertEqual(TEXT_A);
        expect(asked.every((s) => s === 'SystemCapability.Multimedia.Scan.ScanBarcode')).assertTrue();
      } finally {
        delete g.canIUse;
      }
    });

    it('export one tunnel: a warning about the private key first; cancel writes nothing; confirmed, the .conf holds the file byte for byte with its keys', 0, async () => {
      const f = new Fixture();
      f.main.importTunnel('home', TEXT_A);
      f.exp.requestConf('home');
      expect(f.exp.current().pending).assertEqual(ExportKind.CONF);
      expect(f.exp.current().warningText).assertEqual(en.text('export_warning_keys', ['home']));
      f.exp.cancel();
      expect(await f.exp.confirm()).assertFalse();
      expect(f.picker.saves.length).assertEqual(0);
      f.exp.requestConf('home');
      expect(await f.exp.confirm()).assertFalse(); // the save dialog was cancelled
      expect(f.exp.current().resultText).assertEqual(en.text('export_cancelled', []));
      f.picker.saveDir = f.out;
      f.exp.requestConf('home');
      expect(await f.exp.confirm()).assertTrue();
      expect(JSON.stringify(f.picker.saves)).assertEqual('["home.conf","home.conf"]');
      expect(fs.readFileSync(path.join(f.out, 'home.conf'), 'utf8')).assertEqual(TEXT_A);
      expect(f.exp.current().resultText).assertEqual(en.text('export_saved', ['home.conf']));
      f.done();
    });

    it('export all as wireguard-export.zip (one <name>.conf each, keys in) that imports back into another phone as the same tunnels', 0, async () => {
      const f = new Fixture();
      f.main.importTunnel('home', TEXT_A);
      f.main.importTunnel('work', TEXT_B);
      f.picker.saveDir = f.out;
      f.exp.requestZip();
      expect(f.exp.current().warningText).assertEqual(en.text('export_all_warning_keys', []));
      expect(await f.exp.confirm()).assertTrue();
      const zipPath = path.join(f.out, EXPORT_ZIP_NAME);
      const entries = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
      expect(JSON.stringify(Object.keys(entries).sort())).assertEqual('["home.conf","work.conf"]');
      expect(Buffer.from(entries['work.conf']).toString('utf8')).assertEqual(TEXT_B);
      const g = new Fixture();
      expect(await g.imp.importDocuments([zipPath])).assertEqual(2);
      expect(g.main.tunnelStore().load('home')).assertEqual(TEXT_A);
      expect(g.main.tunnelStore().load('work')).assertEqual(TEXT_B);
      f.done();
      g.done();
    });

    it('QR code of a tunnel: only after the warning, with the whole file and its key; hidden again on request; a missing tunnel fails in words', 0, async () => {
      const f = new Fixture();
      f.main.importTunnel('home', TEXT_A);
      f.exp.requestQr('home');
      expect(f.exp.current().qrText).assertEqual('');
      expect(f.exp.current().warningText).assertEqual(en.text('qr_warning_keys', ['home']));
      expect(await f.exp.confirm()).assertTrue();
      expect(f.exp.current().qrText).assertEqual(TEXT_A);
      f.exp.hideQr();
      expect(f.exp.current().qrText).assertEqual('');
      f.exp.requestQr('gone');
      expect(await f.exp.confirm()).assertFalse();
      expect(f.exp.current().resultText).assertEqual(en.text('export_failed', ['gone']));
      expect(f.exp.current().failed).assertTrue();
      f.done();
    });
  });
}
