/**
 * Config errors in words: every reason, section and detail the core can produce has a resource string
 * in English and Simplified Chinese; an import of a bad file shows section, key, reason and text (but
 * never a private key), and changes nothing; a good file is saved and selected.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigDetail, ConfigReason, ConfigSection } from '../../entry/src/main/ets/core/config/BadConfigError';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl } from '../../entry/src/main/ets/viewmodel/MainViewModel';

function load(locale: string): Map<string, string> {
  const j = JSON.parse(fs.readFileSync(path.join(process.cwd(), `entry/src/main/resources/${locale}/element/string.json`), 'utf8'));
  return new Map(j.string.map((s: { name: string; value: string }) => [s.name, s.value]));
}

class Texts implements TextSource {
  constructor(private readonly m: Map<string, string>) {}
  text(name: string, args: string[]): string {
    const t = this.m.get(name);
    if (t === undefined) throw new Error(`no string resource ${name}`);
    return args.reduce((acc, a, i) => acc.split(`{${i}}`).join(a), t);
  }
}

class NoControl implements VpnControl {
  async start(): Promise<void> { throw new Error('not used'); }
  async stop(): Promise<void> {}
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}

const KEY = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';

export default function configErrorTextTest(): void {
  describe('ConfigErrorText', () => {
    it('has a string for every reason, section and detail in English and Chinese', 0, () => {
      for (const locale of ['base', 'en_US', 'zh_CN']) {
        const m = load(locale);
        const names = [
          ...Object.values(ConfigReason).map((r) => `config_reason_${String(r).toLowerCase()}`),
          ...Object.values(ConfigSection).map((r) => `config_section_${String(r).toLowerCase()}`),
          ...Object.values(ConfigDetail).filter((d) => d !== ConfigDetail.NONE).map((r) => `config_detail_${String(r).toLowerCase()}`),
        ];
        for (const n of names) {
          if (!m.has(n)) console.error(`${locale}: missing ${n}`);
          expect(m.has(n)).assertTrue();
        }
      }
    });

    it('words an import error with section, key, reason, line and text, and saves nothing', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cfg-'));
      const vm = new MainViewModel(dir, new NoControl(), new Texts(load('base')), () => 0);
      const ok = vm.importTunnel('work', `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${KEY}\nAllowedIPs = 10.0.0.0/33\n`);
      expect(ok).assertFalse();
      expect(vm.current().importFailed).assertTrue();
      expect(vm.current().importText).assertEqual('Invalid value in [Peer] AllowedIPs (line 7): “10.0.0.0/33”.');
      expect(vm.tunnelStore().list().length).assertEqual(0);
      const zh = new MainViewModel(dir, new NoControl(), new Texts(load('zh_CN')), () => 0);
      zh.importTunnel('work', '[Interface]\nAddress = 10.0.0.2/32\n');
      expect(zh.current().importText).assertEqual('[Interface] PrivateKey 中缺少设置项。');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('never shows a private key back, even when it is malformed', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cfg-'));
      const vm = new MainViewModel(dir, new NoControl(), new Texts(load('base')), () => 0);
      vm.importTunnel('work', '[Interface]\nPrivateKey = c2VjcmV0LWJ1dC1icm9rZW4=\nAddress = 10.0.0.2/32\n');
      expect(vm.current().importText).assertEqual('Invalid key in [Interface] PrivateKey (line 2): “hidden”.');
      expect(vm.current().importText.includes('c2VjcmV0')).assertFalse();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('saves and selects a good file; refuses a bad tunnel name', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cfg-'));
      const vm = new MainViewModel(dir, new NoControl(), new Texts(load('base')), () => 0);
      expect(vm.importTunnel('bad name!', '')).assertFalse();
      expect(vm.current().importText).assertEqual('Tunnel names are 1 to 15 letters, digits or _ = + . -');
      const text = `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${KEY}\nAllowedIPs = 0.0.0.0/0\nEndpoint = vpn.example.org:51820\n`;
      expect(vm.importTunnel('home', text)).assertTrue();
      expect(vm.current().importText).assertEqual('Tunnel “home” imported.');
      expect(vm.current().selectedTunnel).assertEqual('home');
      expect(vm.tunnelStore().load('home')).assertEqual(text);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
