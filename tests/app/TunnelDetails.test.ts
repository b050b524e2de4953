/**
 * The details page's logic (TunnelDetailsViewModel): the interface and peers from the store, the live
 * figures from status.json while this tunnel runs (per peer, matched by public key), the problem
 * text, the configuration's warnings, and the public key copied through the pasteboard seam.
 */
import { describe, it, expect } from '@ohos/hypium';
import { TextClipboard, TunnelDetailsViewModel } from '../../entry/src/main/ets/viewmodel/TunnelDetailsViewModel';
import { TunnelProblem, TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';
import { Key } from '../../entry/src/main/ets/core/crypto/Keys';
import { PEER_PUBLIC, PEER_PUBLIC_2, PRIVATE_HOME, PRIVATE_WORK, PSK_WORK, Screens, TEXT_HOME, TEXT_WORK, peerStatus } from './screens-fixture';

class FakeClipboard implements TextClipboard {
  copied: string[] = [];
  fail = false;
  async copyText(text: string): Promise<void> {
    if (this.fail) throw new Error('pasteboard refused');
    this.copied.push(text);
  }
}

function details(f: Screens, clip: TextClipboard): TunnelDetailsViewModel {
  return new TunnelDetailsViewModel(f.store, f.dir, f.texts, clip, () => f.now);
}

export default function tunnelDetailsTest(): void {
  describe('TunnelDetailsViewModel', () => {
    it('shows the interface and every peer as configured while the tunnel is stopped, with its warnings', 0, async () => {
      const f = new Screens([['work', TEXT_WORK]]);
      const vm = details(f, new FakeClipboard());
      expect(vm.load('work')).assertTrue();
      const s = vm.current();
      expect(s.publicKey).assertEqual(Key.fromBase64(PRIVATE_WORK).publicKey().toBase64());
      expect(s.addresses).assertEqual('10.8.0.2/24, fd00::2/64');
      expect(s.mtuText).assertEqual('1420');
      expect(s.listenPortText).assertEqual('51000');
      expect(s.stateText).assertEqual('Stopped');
      expect(s.peers.length).assertEqual(2);
      expect(s.peers[0].publicKey).assertEqual(PEER_PUBLIC);
      expect(s.peers[0].endpoint).assertEqual('198.51.100.7:51820');
      expect(s.peers[0].allowedIps).assertEqual('10.8.0.0/24');
      expect(s.peers[0].persistentKeepaliveText).assertEqual('every 25 s');
      expect(s.peers[0].hasPresharedKey).assertTrue();
      expect(s.peers[0].latestHandshakeText).assertEqual('');
      expect(s.peers[1].persistentKeepaliveText).assertEqual('off');
      // The config's import warnings (ConfigWarning from core), not only in the import result.
      expect(s.warnings.length).assertEqual(1);
      expect(s.warnings[0].includes('PostUp')).assertTrue();
      expect(s.warnings[0].includes('iptables')).assertFalse();
      const all = JSON.stringify(s);
      expect(all.includes(PRIVATE_WORK) || all.includes(PSK_WORK)).assertFalse();
      f.done();
    });

    it('while the tunnel runs, each peer shows the VPN process\'s endpoint, latest handshake and rx/tx, refreshed on every read', 0, async () => {
      const f = new Screens([['work', TEXT_WORK]]);
      const vm = details(f, new FakeClipboard());
      vm.load('work');
      f.publishStatus(TunnelState.CONNECTED, 'work', 'r1', (s: TunnelStatus) => {
        s.peers = [peerStatus(PEER_PUBLIC, '203.0.113.9:40000', f.now - 12000, 1536, 4096),
          peerStatus(PEER_PUBLIC_2, '', 0, 0, 148)];
      });
      vm.refresh();
      let s = vm.current();
      expect(s.stateText).assertEqual('Connected');
      expect(s.peers[0].endpoint).assertEqual('203.0.113.9:40000');
      expect(s.peers[0].latestHandshakeText).assertEqual('12 s ago');
      expect(s.peers[0].rxText).assertEqual('1.5 KiB');
      expect(s.peers[0].txText).assertEqual('4.0 KiB');
      expect(s.peers[1].latestHandshakeText).assertEqual('never');
      expect(s.peers[1].txText).assertEqual('148 B');
      f.now += 5000;
      f.publishStatus(TunnelState.CONNECTED, 'work', 'r1', (st: TunnelStatus) => {
        st.peers = [peerStatus(PEER_PUBLIC, '203.0.113.9:40000', f.now - 2000, 3 * 1024 * 1024, 4096)];
      });
      vm.refresh();
      s = vm.current();
      expect(s.peers[0].latestHandshakeText).assertEqual('2 s ago');
      expect(s.peers[0].rxText).assertEqual('3.0 MiB');
      f.done();
    });

    it('shows the tunnel\'s problem text, and another tunnel\'s status does not leak into this page', 0, async () => {
      const f = new Screens([['home', TEXT_HOME], ['work', TEXT_WORK]]);
      const vm = details(f, new FakeClipboard());
      vm.load('home');
      f.publishStatus(TunnelState.NO_HANDSHAKE, 'home', 'r1', (s: TunnelStatus) => {
        s.problem = TunnelProblem.HANDSHAKE_NOT_COMPLETING;
      });
      vm.refresh();
      expect(vm.current().problemText).assertEqual(f.texts.text('problem_handshake_not_completing', []));
      f.publishStatus(TunnelState.CONNECTED, 'work', 'r2', (s: TunnelStatus) => {
        s.peers = [peerStatus(PEER_PUBLIC, '203.0.113.9:1', f.now, 10, 10)];
      });
      vm.refresh();
      expect(vm.current().stateText).assertEqual('Stopped');
      expect(vm.current().peers[0].endpoint).assertEqual('192.0.2.1:51820');
      expect(vm.current().peers[0].rxText).assertEqual('');
      f.done();
    });

    it('status.json round-trips the per-peer figures; a file written before them reads as no peers', 0, async () => {
      const s = new TunnelStatus();
      s.peers = [peerStatus(PEER_PUBLIC, '[2001:db8::1]:51820', 1_700_000_000_000, 10, 20)];
      const back = TunnelStatus.fromJson(s.toJson());
      expect(JSON.stringify(back.peers)).assertEqual(JSON.stringify(s.peers));
      const old = JSON.parse(s.toJson());
      delete old.peers;
      expect(TunnelStatus.fromJson(JSON.stringify(old)).peers.length).assertEqual(0);
      old.peers = [{ publicKey: 7 }, null, { publicKey: PEER_PUBLIC, rxBytes: 'x' }];
      const odd = TunnelStatus.fromJson(JSON.stringify(old)).peers;
      expect(odd.length).assertEqual(1);
      expect(odd[0].rxBytes).assertEqual(0);
    });

    it('copies the interface public key through the pasteboard seam, and says when the pasteboard refuses', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const clip = new FakeClipboard();
      const vm = details(f, clip);
      vm.load('home');
      await vm.copyPublicKey();
      expect(clip.copied.join()).assertEqual(Key.fromBase64(PRIVATE_HOME).publicKey().toBase64());
      expect(vm.current().copyText).assertEqual('Public key copied.');
      clip.fail = true;
      await vm.copyPublicKey();
      expect(vm.current().copyText).assertEqual('The public key could not be copied.');
      f.done();
    });

    it('a tunnel whose key the keystore cannot give says so with the code', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      f.secrets.failWith = 24000005;
      const vm = details(f, new FakeClipboard());
      expect(vm.load('home')).assertFalse();
      expect(vm.current().errorText).assertEqual(f.texts.text('import_secret_failed', ['24000005']));
      expect(vm.load('nope')).assertFalse();
      expect(vm.current().errorText).assertEqual('There is no tunnel “nope”.');
      f.done();
    });
  });
}
