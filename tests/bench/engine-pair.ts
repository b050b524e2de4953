/**
 * Two engines in memory for the benchmarks (engine-bench.ts, seal-bench.ts): A (initiator, endpoint of B
 * known) and B, AllowedIPs 10.0.0.1/32 and 10.0.0.2/32, and a handshake between them.
 */
import { CryptoProvider } from '../../entry/src/main/ets/core/crypto/CryptoProvider';
import { Key } from '../../entry/src/main/ets/core/crypto/Keys';
import { Cidr } from '../../entry/src/main/ets/core/net/Cidr';
import {
  EngineConfig, EngineOutput, EnginePeerConfig, UdpEndpoint, WireGuardEngine
} from '../../entry/src/main/ets/core/wireguard/Engine';
import { ipv4Packet } from '../../entry/src/test/helpers/EngineHarness';

export class Pair {
  readonly a: WireGuardEngine;
  readonly b: WireGuardEngine;
  readonly epA = new UdpEndpoint('192.0.2.1', 51820, 4);
  readonly epB = new UdpEndpoint('192.0.2.2', 51820, 4);
  readonly oa = new EngineOutput();
  readonly ob = new EngineOutput();
  now = 1000;

  constructor(crypto: () => CryptoProvider) {
    const ka = Key.fromBytes(new Uint8Array(32).fill(1));
    const kb = Key.fromBytes(new Uint8Array(32).fill(2));
    const ca = new EngineConfig(ka);
    const pa = new EnginePeerConfig(kb.publicKey());
    pa.endpoint = this.epB;
    pa.allowedIps = [Cidr.parse('10.0.0.2/32')];
    ca.peers = [pa];
    const cb = new EngineConfig(kb);
    const pb = new EnginePeerConfig(ka.publicKey());
    pb.endpoint = this.epA;
    pb.allowedIps = [Cidr.parse('10.0.0.1/32')];
    cb.peers = [pb];
    this.a = new WireGuardEngine(ca, crypto());
    this.b = new WireGuardEngine(cb, crypto());
  }

  /** Handshake (A initiates), confirmed by B's first data packet; throws when it does not complete. */
  handshake(): void {
    this.a.start(this.now, this.oa);
    for (let round = 0; round < 10 && (this.oa.datagrams.length > 0 || this.ob.datagrams.length > 0); round++) {
      this.deliver(this.oa, this.b, this.epA, this.ob);
      this.deliver(this.ob, this.a, this.epB, this.oa);
    }
    this.b.sendPacket(ipv4Packet('10.0.0.2', '10.0.0.1', 20, 0), this.now, this.ob);
    this.deliver(this.ob, this.a, this.epB, this.oa);
    this.oa.clear();
    const s = this.a.statistics();
    if (s.peers[0].latestHandshakeMs === 0 || this.b.statistics().peers[0].latestHandshakeMs === 0) {
      throw new Error('handshake did not complete');
    }
  }

  private deliver(from: EngineOutput, to: WireGuardEngine, src: UdpEndpoint, toOut: EngineOutput): void {
    const ds = from.datagrams.map((d) => new Uint8Array(d.data));
    from.clear();
    for (const d of ds) to.receiveDatagram(d, src, this.now, toOut);
  }
}
