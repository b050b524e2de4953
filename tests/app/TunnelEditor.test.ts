/**
 * The tunnel editor (TunnelEditorViewModel) and the per-app rules (AppRulesViewModel) with the real
 * English strings, a real files directory, an in-memory keystore and a seeded RandomSource: create
 * with a generated key pair, edit every field, inline errors (each field's first, never a key's text),
 * peers added and removed, "exclude private IPs", app lists into the VpnConfig, and a save of the
 * running tunnel that says it applies on the next start.
 */
import { describe, it, expect } from '@ohos/hypium';
import { EditorUiState, ExcludePrivateIps, InterfaceField, PeerField, TunnelEditorViewModel } from '../../entry/src/main/ets/viewmodel/TunnelEditorViewModel';
import { AppRuleMode, AppRulesViewModel, InstalledApp, InstalledAppSource, NoInstalledAppSource } from '../../entry/src/main/ets/viewmodel/AppRulesViewModel';
import { TunnelConfig } from '../../entry/src/main/ets/core/config/TunnelConfig';
import { PlatformInfo, toVpnConfig, VpnConfigOptions } from '../../entry/src/main/ets/core/config/VpnConfig';
import { CidrSet, LOCAL_IPV4_RANGES } from '../../entry/src/main/ets/core/net/CidrSet';
import { Key } from '../../entry/src/main/ets/core/crypto/Keys';
import { BUNDLE_NAME } from '../../entry/src/main/ets/common/Constants';
import { PEER_PUBLIC, PEER_PUBLIC_2, PRIVATE_WORK, PSK_WORK, Screens, SeededRandom, TEXT_HOME, TEXT_WORK } from './screens-fixture';

function editor(f: Screens, running: string = ''): TunnelEditorViewModel {
  return new TunnelEditorViewModel(f.store, f.texts, new SeededRandom(7), () => running);
}

/** Every error text of the form, for "never echoes a key" checks. */
function allErrors(s: EditorUiState): string {
  const i = s.iface;
  return [i.nameError, i.privateKeyError, i.addressesError, i.dnsError, i.mtuError, i.listenPortError, i.applicationsError,
    ...s.peers.flatMap((p) => [p.publicKeyError, p.presharedKeyError, p.allowedIpsError, p.endpointError, p.persistentKeepaliveError]),
    s.resultText].join('\n');
}

class FakeApps implements InstalledAppSource {
  constructor(private readonly apps: InstalledApp[] | null) {}
  async list(): Promise<InstalledApp[] | null> { return this.apps; }
}

export default function tunnelEditorTest(): void {
  describe('TunnelEditorViewModel', () => {
    it('create: a private key generated on the device, its public key shown at once, saved with the key in the keystore only', 0, async () => {
      const f = new Screens();
      const vm = editor(f);
      vm.createNew();
      const s = vm.current();
      expect(s.isNew).assertTrue();
      const priv = Key.fromBase64(s.iface.privateKey);
      expect(s.iface.publicKey).assertEqual(priv.publicKey().toBase64());
      expect(priv.isZero()).assertFalse();
      const firstPrivate = s.iface.privateKey;
      vm.generateKeyPair();
      expect(vm.current().iface.privateKey === firstPrivate).assertFalse();
      expect(vm.current().iface.publicKey).assertEqual(Key.fromBase64(vm.current().iface.privateKey).publicKey().toBase64());
      vm.setInterfaceField(InterfaceField.NAME, 'phone');
      vm.setInterfaceField(InterfaceField.ADDRESSES, '10.7.0.2/32');
      vm.addPeer();
      vm.setPeerField(0, PeerField.PUBLIC_KEY, PEER_PUBLIC);
      vm.setPeerField(0, PeerField.ALLOWED_IPS, '0.0.0.0/0, ::/0');
      vm.setPeerField(0, PeerField.ENDPOINT, 'vpn.example.org:51820');
      expect(vm.save()).assertTrue();
      expect(vm.current().resultText).assertEqual('Saved “phone”.');
      expect(f.tunnelFiles().join()).assertEqual('phone.conf');
      const saved = vm.current().iface.privateKey;
      expect(f.fileText('phone').includes(saved)).assertFalse();
      expect(f.secrets.values().join()).assertEqual(saved);
      const c = TunnelConfig.parse(f.store.load('phone')!);
      expect(c.interfaceConfig.privateKey.toBase64()).assertEqual(saved);
      expect(c.interfaceConfig.addresses.map((a) => a.toString()).join()).assertEqual('10.7.0.2/32');
      expect(c.peers[0].endpoint!.toString()).assertEqual('vpn.example.org:51820');
      expect(c.peers[0].allowedIps.map((a) => a.toString()).join()).assertEqual('0.0.0.0/0,::/0');
      f.done();
    });

    it('edit: every field loads, changes save, the kept wg-quick lines and the preshared key survive, peers added and removed', 0, async () => {
      const f = new Screens([['work', TEXT_WORK]]);
      const vm = editor(f);
      expect(vm.edit('work')).assertTrue();
      const s = vm.current();
      expect(s.iface.addresses).assertEqual('10.8.0.2/24, fd00::2/64');
      expect(s.iface.mtu).assertEqual('1420');
      expect(s.iface.listenPort).assertEqual('51000');
      expect(s.keptKeys.join()).assertEqual('PostUp');
      expect(s.peers.length).assertEqual(2);
      expect(s.peers[0].presharedKey).assertEqual(PSK_WORK);
      expect(s.peers[0].persistentKeepalive).assertEqual('25');
      vm.setInterfaceField(InterfaceField.DNS, '10.8.0.1, corp.example');
      vm.setInterfaceField(InterfaceField.MTU, '1380');
      vm.setInterfaceField(InterfaceField.LISTEN_PORT, '');
      vm.removePeer(1);
      vm.addPeer();
      vm.setPeerField(1, PeerField.PUBLIC_KEY, PEER_PUBLIC_2);
      vm.setPeerField(1, PeerField.ALLOWED_IPS, '10.20.0.0/16');
      vm.setPeerField(0, PeerField.PERSISTENT_KEEPALIVE, '15');
      expect(vm.save()).assertTrue();
      const text = f.store.load('work')!;
      const c = TunnelConfig.parse(text);
      expect(c.interfaceConfig.privateKey.toBase64()).assertEqual(PRIVATE_WORK);
      expect(c.interfaceConfig.dnsServers.map((a) => a.toString()).join()).assertEqual('10.8.0.1');
      expect(c.interfaceConfig.dnsSearchDomains.join()).assertEqual('corp.example');
      expect(c.interfaceConfig.mtu).assertEqual(1380);
      expect(c.interfaceConfig.listenPort).assertEqual(0);
      expect(c.interfaceConfig.wgQuickLines.map((l) => `${l.key} = ${l.value}`).join()).assertEqual('PostUp = iptables -A FORWARD');
      expect(c.peers.length).assertEqual(2);
      expect(c.peers[0].presharedKey!.toBase64()).assertEqual(PSK_WORK);
      expect(c.peers[0].persistentKeepalive).assertEqual(15);
      expect(c.peers[1].publicKey.toBase64()).assertEqual(PEER_PUBLIC_2);
      expect(c.peers[1].allowedIps.map((a) => a.toString()).join()).assertEqual('10.20.0.0/16');
      expect(f.fileText('work').includes(PSK_WORK) || f.fileText('work').includes(PRIVATE_WORK)).assertFalse();
      expect(f.secrets.values().join()).assertEqual([PRIVATE_WORK, PSK_WORK].sort().join());
      expect(vm.current().warnings.length).assertEqual(1);
      // A kept line can be removed (its value is never shown).
      expect(JSON.stringify(vm.current()).includes('iptables')).assertFalse();
      vm.removeKeptLine(0);
      expect(vm.current().keptKeys.length).assertEqual(0);
      expect(vm.save()).assertTrue();
      expect(f.store.load('work')!.includes('PostUp')).assertFalse();
      expect(vm.current().warnings.length).assertEqual(0);
      f.done();
    });

    it('inline errors: save checks every field, shows each field its first error with section and key, saves nothing', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const vm = editor(f);
      vm.createNew();
      const before = f.tunnelFiles().join();
      vm.setInterfaceField(InterfaceField.NAME, 'home');
      vm.setInterfaceField(InterfaceField.PRIVATE_KEY, 'c2VjcmV0LWJ1dC1ub3QtYS1rZXk=');
      vm.setInterfaceField(InterfaceField.ADDRESSES, '10.0.0.0/24, nonsense');
      vm.setInterfaceField(InterfaceField.DNS, 'bad_name!');
      vm.setInterfaceField(InterfaceField.MTU, '9000');
      vm.setInterfaceField(InterfaceField.LISTEN_PORT, 'x');
      vm.addPeer();
      vm.setPeerField(0, PeerField.PRESHARED_KEY, 'short');
      vm.setPeerField(0, PeerField.ALLOWED_IPS, '10.0.0.0/33');
      vm.setPeerField(0, PeerField.ENDPOINT, 'host-without-port');
      vm.setPeerField(0, PeerField.PERSISTENT_KEEPALIVE, '-1');
      expect(vm.save()).assertFalse();
      const s = vm.current();
      expect(s.saveFailed).assertTrue();
      expect(s.resultText).assertEqual('Fix the fields marked in red, then save again.');
      expect(s.iface.nameError).assertEqual('A tunnel named “home” already exists.');
      expect(s.iface.privateKeyError).assertEqual('Invalid key in [Interface] PrivateKey: “hidden”.');
      // The parser's first error (the bad entry), not also the later network-address refusal.
      expect(s.iface.addressesError).assertEqual('Invalid value in [Interface] Address: “nonsense”.');
      expect(s.iface.dnsError).assertEqual('Invalid value in [Interface] DNS: “bad_name!”.');
      expect(s.iface.mtuError.startsWith('Invalid value in [Interface] MTU: “9000”')).assertTrue();
      expect(s.iface.listenPortError).assertEqual('Invalid number in [Interface] ListenPort: “x”.');
      expect(s.peers[0].publicKeyError).assertEqual('Missing setting in [Peer] PublicKey.');
      expect(s.peers[0].presharedKeyError).assertEqual('Invalid key in [Peer] PresharedKey: “hidden”.');
      expect(s.peers[0].allowedIpsError).assertEqual('Invalid value in [Peer] AllowedIPs: “10.0.0.0/33”.');
      expect(s.peers[0].endpointError).assertEqual('Invalid value in [Peer] Endpoint: “host-without-port”.');
      expect(s.peers[0].persistentKeepaliveError).assertEqual('Invalid number in [Peer] PersistentKeepalive: “-1”.');
      expect(allErrors(s).includes('c2VjcmV0')).assertFalse();
      expect(allErrors(s).includes('short')).assertFalse();
      expect(f.tunnelFiles().join()).assertEqual(before);
      // Fixing a field clears its error at once; the others stay.
      vm.setInterfaceField(InterfaceField.LISTEN_PORT, '51820');
      expect(vm.current().iface.listenPortError).assertEqual('');
      expect(vm.current().iface.dnsError).assertEqual('Invalid value in [Interface] DNS: “bad_name!”.');
      f.done();
    });

    it('a value with a line break or # is refused: it cannot smuggle a PostUp line or a comment into the file', 0, async () => {
      const f = new Screens();
      const vm = editor(f);
      vm.createNew();
      vm.setInterfaceField(InterfaceField.NAME, 'x');
      vm.setInterfaceField(InterfaceField.ADDRESSES, '10.0.0.2/32\nPostUp = rm -rf /');
      vm.setInterfaceField(InterfaceField.DNS, '10.0.0.1 # comment');
      expect(vm.save()).assertFalse();
      expect(vm.current().iface.addressesError.startsWith('Invalid value in [Interface] Address')).assertTrue();
      expect(vm.current().iface.dnsError).assertEqual('Invalid value in [Interface] DNS: “10.0.0.1 # comment”.');
      expect(f.tunnelFiles().length).assertEqual(0);
      f.done();
    });

    it('saving the running tunnel says it applies on the next start; renaming it is refused', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const vm = editor(f, 'home');
      vm.edit('home');
      vm.setInterfaceField(InterfaceField.MTU, '1400');
      expect(vm.save()).assertTrue();
      expect(vm.current().appliesOnNextStart).assertTrue();
      expect(vm.current().resultText).assertEqual('Saved “home”. It is running: the change applies when it next starts.');
      expect(TunnelConfig.parse(f.store.load('home')!).interfaceConfig.mtu).assertEqual(1400);
      vm.setInterfaceField(InterfaceField.NAME, 'cottage');
      expect(vm.current().iface.nameError).assertEqual('“home” is running: stop it before renaming it.');
      expect(vm.save()).assertFalse();
      expect(f.tunnelFiles().join()).assertEqual('home.conf');
      // Not running: a rename in the editor moves the tunnel and its key.
      const other = editor(f, '');
      other.edit('home');
      other.setInterfaceField(InterfaceField.NAME, 'cottage');
      expect(other.save()).assertTrue();
      expect(other.current().appliesOnNextStart).assertFalse();
      expect(f.tunnelFiles().join()).assertEqual('cottage.conf');
      expect(f.secrets.map.size).assertEqual(1);
      f.done();
    });

    it('exclude private IPs (as WireGuard Android): offered for one peer with 0.0.0.0/0, swaps in the public IPv4 set plus local DNS, and back', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const vm = editor(f);
      vm.edit('home');
      vm.setPeerField(0, PeerField.ALLOWED_IPS, '0.0.0.0/0, ::/0');
      expect(vm.current().peers[0].excludePrivateIpsAvailable).assertTrue();
      expect(vm.current().peers[0].excludePrivateIps).assertFalse();
      vm.setExcludePrivateIps(0, true);
      const on = vm.current().peers[0];
      expect(on.excludePrivateIps).assertTrue();
      const v4 = on.allowedIps.split(', ').filter((e) => !e.includes(':'));
      const expected = CidrSet.parse(['0.0.0.0/0']).subtract(CidrSet.parse(LOCAL_IPV4_RANGES)).union(CidrSet.parse(['10.0.0.1/32']));
      expect(CidrSet.parse(v4).equals(expected)).assertTrue();
      expect(on.allowedIps.includes('10.0.0.1/32')).assertTrue();
      expect(on.allowedIps.endsWith('::/0')).assertTrue();
      expect(vm.save()).assertTrue();
      const c = TunnelConfig.parse(f.store.load('home')!);
      const routes = toVpnConfig(c, new PlatformInfo(20, BUNDLE_NAME)).vpnConfig.routes.map((r) => `${r.destination.address.address}/${r.destination.prefixLength}`);
      expect(routes.includes('192.168.0.0/16') || routes.includes('0.0.0.0/0')).assertFalse();
      expect(routes.includes('10.0.0.1/32')).assertTrue();
      vm.setExcludePrivateIps(0, false);
      expect(vm.current().peers[0].allowedIps).assertEqual('0.0.0.0/0, ::/0');
      // Not offered with two peers or without 0.0.0.0/0.
      vm.setPeerField(0, PeerField.ALLOWED_IPS, '10.0.0.0/24');
      expect(vm.current().peers[0].excludePrivateIpsAvailable).assertFalse();
      vm.setPeerField(0, PeerField.ALLOWED_IPS, '0.0.0.0/0');
      vm.addPeer();
      expect(vm.current().peers[0].excludePrivateIpsAvailable).assertFalse();
      expect(ExcludePrivateIps.stateOf('0.0.0.0/0', 1)).assertEqual(false);
      f.done();
    });
  });

  describe('AppRulesViewModel', () => {
    it('without an installed-app list: typed bundle names, validated, the own bundle refused, into IncludedApplications → trustedApplications', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const rules = new AppRulesViewModel(f.texts, new NoInstalledAppSource(), BUNDLE_NAME);
      await rules.load([], []);
      expect(rules.current().canListApps).assertFalse();
      expect(rules.current().mode).assertEqual(AppRuleMode.ALL_APPS);
      rules.setMode(AppRuleMode.ONLY_SELECTED);
      rules.setTyped('not a bundle');
      expect(rules.addTyped()).assertFalse();
      expect(rules.current().errorText).assertEqual('“not a bundle” is not a bundle name (e.g. com.example.app).');
      rules.setTyped(BUNDLE_NAME);
      expect(rules.addTyped()).assertFalse();
      expect(rules.current().errorText).assertEqual(`HarmonyWG (${BUNDLE_NAME}) never goes through its own tunnel.`);
      rules.setTyped(' com.example.browser ');
      expect(rules.addTyped()).assertTrue();
      expect(rules.current().typed).assertEqual('');
      rules.setTyped('com.example.mail');
      rules.addTyped();
      expect(rules.current().rows.map((r) => r.bundleName).join()).assertEqual('com.example.browser,com.example.mail');
      const vm = editor(f);
      vm.edit('home');
      vm.setApplications(rules.includedApplications(), rules.excludedApplications());
      expect(vm.save()).assertTrue();
      const c = TunnelConfig.parse(f.store.load('home')!);
      expect(c.interfaceConfig.includedApplications.join()).assertEqual('com.example.browser,com.example.mail');
      const cfg = toVpnConfig(c, new PlatformInfo(20, BUNDLE_NAME)).vpnConfig;
      expect(cfg.trustedApplications.join()).assertEqual('com.example.browser,com.example.mail');
      expect(cfg.trustedApplications.includes(BUNDLE_NAME)).assertFalse();
      f.done();
    });

    it('with an installed-app list (fake seam): the own app is not offered, a tick excludes an app → blockedApplications with the own bundle', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const apps = [new InstalledApp('com.example.video', 'Video'), new InstalledApp(BUNDLE_NAME, 'HarmonyWG'),
        new InstalledApp('com.example.bank', 'Bank')];
      const rules = new AppRulesViewModel(f.texts, new FakeApps(apps), BUNDLE_NAME);
      await rules.load([], []);
      expect(rules.current().canListApps).assertTrue();
      expect(rules.current().rows.map((r) => r.label).join()).assertEqual('Bank,Video');
      rules.setMode(AppRuleMode.ALL_BUT_SELECTED);
      expect(rules.setSelected('com.example.bank', true)).assertTrue();
      expect(rules.setSelected(BUNDLE_NAME, true)).assertFalse();
      expect(rules.current().rows.filter((r) => r.selected).map((r) => r.bundleName).join()).assertEqual('com.example.bank');
      expect(rules.includedApplications().length).assertEqual(0);
      const vm = editor(f);
      vm.edit('home');
      vm.setApplications(rules.includedApplications(), rules.excludedApplications());
      expect(vm.save()).assertTrue();
      const c = TunnelConfig.parse(f.store.load('home')!);
      expect(c.interfaceConfig.excludedApplications.join()).assertEqual('com.example.bank');
      // Where the socket cannot be protected (below API 22) the own bundle is blocked too.
      const options = new VpnConfigOptions();
      options.excludeOwnBundle = true;
      const cfg = toVpnConfig(c, new PlatformInfo(20, BUNDLE_NAME), options).vpnConfig;
      expect(cfg.blockedApplications.join()).assertEqual(`com.example.bank,${BUNDLE_NAME}`);
      // Back to all apps: both lists empty in the file.
      rules.setMode(AppRuleMode.ALL_APPS);
      vm.setApplications(rules.includedApplications(), rules.excludedApplications());
      vm.save();
      const again = TunnelConfig.parse(f.store.load('home')!).interfaceConfig;
      expect(again.excludedApplications.length + again.includedApplications.length).assertEqual(0);
      f.done();
    });

    it('the editor refuses IncludedApplications naming the own bundle, whoever passes it, and saves nothing', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const before = f.store.load('home');
      const vm = editor(f);
      vm.edit('home');
      vm.setApplications([BUNDLE_NAME, 'com.example.chat'], []);
      expect(vm.save()).assertFalse();
      expect(vm.current().iface.applicationsError).assertEqual(`HarmonyWG (${BUNDLE_NAME}) never goes through its own tunnel.`);
      expect(f.store.load('home')).assertEqual(before);
      vm.setApplications(['com.example.chat'], ['com.example.bank']);
      expect(vm.save()).assertFalse();
      expect(vm.current().iface.applicationsError.includes('ExcludedApplications')).assertTrue();
      f.done();
    });

    it('a loaded IncludedApplications naming the own bundle drops it with a note', 0, async () => {
      const f = new Screens();
      const rules = new AppRulesViewModel(f.texts, new FakeApps(null), BUNDLE_NAME);
      await rules.load([BUNDLE_NAME, 'com.example.chat'], []);
      expect(rules.current().mode).assertEqual(AppRuleMode.ONLY_SELECTED);
      expect(rules.includedApplications().join()).assertEqual('com.example.chat');
      expect(rules.current().noteText.startsWith(`HarmonyWG (${BUNDLE_NAME}) was left out of the list`)).assertTrue();
      f.done();
    });
  });
}
