/**
 * Config errors in words: every reason, section and detail the core can produce has a resource string
 * in English and Simplified Chinese; an import of a bad file shows section, key, reason and text (but
 * never a private key), and changes nothing; a good file is saved and selected.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigDetail, ConfigKey, ConfigReason, ConfigSection } from '../../entry/src/main/ets/core/config/BadConfigError';
import { ConfigWarning, ConfigWarningCode } from '../../entry/src/main/ets/core/config/ConfigWarning';
import { warningResourceName } from '../../entry/src/main/ets/viewmodel/ConfigErrorText';
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

    it('has a sentence for every warning in English and Chinese, with the same placeholders', 0, () => {
      const warnings: ConfigWarning[] = [
        ...[ConfigKey.TABLE, ConfigKey.PRE_UP, ConfigKey.POST_UP, ConfigKey.PRE_DOWN, ConfigKey.POST_DOWN, ConfigKey.SAVE_CONFIG,
          ConfigKey.FW_MARK].map((k) => new ConfigWarning(ConfigWarningCode.IGNORED_ON_DEVICE, ConfigSection.INTERFACE, k, 'x')),
        ...Object.values(ConfigWarningCode).filter((c) => c !== ConfigWarningCode.IGNORED_ON_DEVICE)
          .map((c) => new ConfigWarning(c as ConfigWarningCode, ConfigSection.PEER, 'AllowedIPs', 'x')),
      ];
      const base = load('base');
      const zh = load('zh_CN');
      for (const w of warnings) {
        const n = warningResourceName(w);
        for (const [locale, m] of [['base', base], ['en_US', load('en_US')], ['zh_CN', zh]] as [string, Map<string, string>][]) {
          if (!m.has(n)) console.error(`${locale}: missing ${n}`);
          expect(m.has(n)).assertTrue();
        }
        const holes = (t: string) => (t.match(/\{\d\}/g) ?? []).sort().join('');
        expect(`${n}: ${holes(zh.get(n) as string)}`).assertEqual(`${n}: ${holes(base.get(n) as string)}`);
      }
      for (const n of ['config_warning_format', 'import_warnings_heading']) expect(base.has(n) && zh.has(n)).assertTrue();
    });

    it('an import of a wg-quick server file is saved and lists what will not apply, in both languages', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cfg-'));
      const text = `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.1/24\nListenPort = 51820\nTable = off\n` +
        'PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPreDown = iptables -D FORWARD -i %i -j ACCEPT\nSaveConfig = true\n\n' +
        `[Peer]\nPublicKey = ${KEY}\nAllowedIPs = 10.0.0.2/32, fd00::2/128\n`;
      const vm = new MainViewModel(dir, new NoControl(), new Texts(load('base')), () => 0);
      expect(vm.importTunnel('server', text)).assertTrue();
      expect(vm.current().importFailed).assertFalse();
      expect(vm.tunnelStore().load('server')).assertEqual(text);
      expect(vm.current().importWarnings.join('\n')).assertEqual(
        '[Interface] Table: kept, but it has no effect on the phone: the system sets up the tunnel’s routes.\n' +
        '[Interface] PostUp: kept, but never run on the phone: scripts are not executed.\n' +
        '[Interface] PreDown: kept, but never run on the phone: scripts are not executed.\n' +
        '[Interface] SaveConfig: kept, but it has no effect: the phone never writes the running configuration back to the file.\n' +
        '[Peer] AllowedIPs: the interface has no IPv6 Address: IPv6 traffic to fd00::2/128 is routed into the tunnel and dropped there, so it never leaks around it.');
      // The scripts themselves are never shown back.
      expect(vm.current().importWarnings.join(' ').includes('iptables')).assertFalse();
      const zh = new MainViewModel(dir, new NoControl(), new Texts(load('zh_CN')), () => 0);
      expect(zh.importTunnel('server2', text)).assertTrue();
      expect(zh.current().importWarnings.length).assertEqual(5);
      expect(zh.current().importWarnings[1]).assertEqual('[Interface] PostUp：已保留，但在手机上永不运行：不会执行任何脚本。');
      // A later import without warnings clears them; a failed one too.
      vm.importTunnel('plain', `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.3/32\n`);
      expect(vm.current().importWarnings.length).assertEqual(0);
      vm.importTunnel('server', text);
      vm.importTunnel('broken', '[Interface]\nDNS =\n');
      expect(vm.current().importFailed).assertTrue();
      expect(vm.current().importText).assertEqual('Syntax error in [Interface] DNS (line 2): “DNS =”.');
      expect(vm.current().importWarnings.length).assertEqual(0);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('an import refuses what no VPN service accepts, with the limit; an incomplete tunnel is saved', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-cfg-'));
      const vm = new MainViewModel(dir, new NoControl(), new Texts(load('base')), () => 0);
      const peer = `\n[Peer]\nPublicKey = ${KEY}\nAllowedIPs = 0.0.0.0/0\n`;
      expect(vm.importTunnel('jumbo', `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.2/32\nMTU = 9000\n${peer}`)).assertFalse();
      expect(vm.current().importText).assertEqual('Invalid value in [Interface] MTU: “9000”. The MTU must be between 576 and 1500.');
      expect(vm.importTunnel('net', `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.0/24\n${peer}`)).assertFalse();
      expect(vm.current().importText.startsWith('Invalid value in [Interface] Address: “10.0.0.0/24”. The address is the network address')).assertTrue();
      const zh = new MainViewModel(dir, new NoControl(), new Texts(load('zh_CN')), () => 0);
      zh.importTunnel('jumbo', `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.2/32\nMTU = 9000\n${peer}`);
      expect(zh.current().importText.endsWith('MTU 须在 576 到 1500 之间。')).assertTrue();
      expect(vm.tunnelStore().list().length).assertEqual(0);
      // Not complete yet (no peer, no Address): saved; Start will say what is missing.
      expect(vm.importTunnel('draft', `[Interface]\nPrivateKey = ${KEY}\nPostUp = true\n`)).assertTrue();
      expect(vm.current().importWarnings.length).assertEqual(1);
      fs.rmSync(dir, { recursive: true, force: true });
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
      vm.importTunnel('work', '[Interface]\nPrivateKey c2VjcmV0LWJ1dC1icm9rZW4=\nAddress = 10.0.0.2/32\n');
      expect(vm.current().importText).assertEqual('Syntax error in [Interface] (line 2): “hidden”.');
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
