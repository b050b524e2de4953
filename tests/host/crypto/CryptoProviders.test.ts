// hypium-timeout: 30000
/**
 * The Node and the portable crypto providers give byte-identical results on random inputs, on the
 * known answers (KDF, Noise IKpsk2 vector) and on low-order points; two engines, one on each provider,
 * talk to each other.
 */
import { describe, it, expect } from '@ohos/hypium';
import { CryptoProvider } from '../../../entry/src/main/ets/core/crypto/CryptoProvider';
import { PortableCryptoProvider } from '../../../entry/src/main/ets/core/crypto/PortableCryptoProvider';
import { Kdf, NoiseIKpsk2, NoiseState, NoiseStatus } from '../../../entry/src/main/ets/core/wireguard/Noise';
import { UdpEndpoint, EngineConfig, EngineOutput, EnginePeerConfig, WireGuardEngine } from '../../../entry/src/main/ets/core/wireguard/Engine';
import { Cidr } from '../../../entry/src/main/ets/core/net/Cidr';
import { Key } from '../../../entry/src/main/ets/core/crypto/Keys';
import { SeededRandom } from '../../../entry/src/test/helpers/SeededRandom';
import { KDF_VECTORS, NoiseVector } from '../../../entry/src/test/helpers/WireGuardVectors';
import { fromHex, toHex } from '../../../entry/src/test/helpers/Hex';
import { ipv4Packet, SeededSource } from '../../../entry/src/test/helpers/EngineHarness';
import { NodeCryptoProvider } from './NodeCryptoProvider';

const LOW_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

function run(p: CryptoProvider, f: (p: CryptoProvider, out: Uint8Array) => boolean | void, n: number): string {
  const out = new Uint8Array(n);
  const r = f(p, out);
  return toHex(out) + (r === undefined ? '' : String(r));
}

export default function cryptoProvidersTest(): void {
  describe('CryptoProviders', () => {
    const portable = new PortableCryptoProvider(new SeededSource(1));
    const node = new NodeCryptoProvider(new SeededSource(1));
    const both: CryptoProvider[] = [portable, node];

    it('agree byte for byte on 300 random inputs of every primitive', 0, () => {
      const rng = new SeededRandom(42);
      let mismatches = 0;
      const same = (f: (p: CryptoProvider, out: Uint8Array) => boolean | void, n: number) => {
        if (run(portable, f, n) !== run(node, f, n)) mismatches++;
      };
      for (let i = 0; i < 300; i++) {
        const k = rng.bytes(32);
        const k2 = rng.bytes(32);
        const a = rng.bytes(rng.int(200));
        const b = rng.bytes(rng.int(3) === 0 ? 0 : rng.int(100));
        const nonce = rng.bytes(12);
        const xnonce = rng.bytes(24);
        const pub = new Uint8Array(32);
        portable.x25519Public(k2, pub);
        same((p, o) => p.x25519(k, pub, o), 32);
        same((p, o) => p.x25519Public(k, o), 32);
        same((p, o) => p.hash(a, b, o), 32);
        const macKey = k.subarray(0, 1 + rng.int(32));
        same((p, o) => p.mac(macKey, a, o), 16);
        same((p, o) => p.hmac(k, a, o), 32);
        same((p, o) => p.aeadSeal(k, nonce, a, b, o), a.length + 16);
        same((p, o) => p.xaeadSeal(k, xnonce, a, b, o), a.length + 16);
        const sealed = new Uint8Array(a.length + 16);
        portable.aeadSeal(k, nonce, a, b, sealed);
        same((p, o) => p.aeadOpen(k, nonce, sealed, b, o), a.length);
        const xsealed = new Uint8Array(a.length + 16);
        portable.xaeadSeal(k, xnonce, a, b, xsealed);
        same((p, o) => p.xaeadOpen(k, xnonce, xsealed, b, o), a.length);
        const bad = new Uint8Array(sealed);
        bad[rng.int(bad.length)] ^= 1 + rng.int(255);
        for (const p of both) {
          if (p.aeadOpen(k, nonce, bad, b, new Uint8Array(a.length))) mismatches++;
          if (!p.aeadOpen(k, nonce, sealed, b, new Uint8Array(a.length))) mismatches++;
        }
      }
      expect(mismatches).assertEqual(0);
    });

    it('both refuse low-order public keys with an all-zero result', 0, () => {
      const priv = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
      for (const h of LOW_ORDER) {
        for (const p of both) {
          const out = new Uint8Array(32).fill(7);
          expect(p.x25519(priv, fromHex(h), out)).assertFalse();
          expect(toHex(out)).assertEqual(LOW_ORDER[0]);
        }
      }
    });

    it('both reproduce the KDF vectors and the Noise IKpsk2 vector', 0, () => {
      for (const p of both) {
        const kdf = new Kdf(p);
        for (const v of KDF_VECTORS) {
          const t1 = new Uint8Array(32);
          const t2 = new Uint8Array(32);
          const t3 = new Uint8Array(32);
          kdf.kdf3(fromHex(v.key), fromHex(v.input), t1, t2, t3);
          expect(toHex(t1) + toHex(t2) + toHex(t3)).assertEqual(v.t[0] + v.t[1] + v.t[2]);
        }
        const noise = new NoiseIKpsk2(p, NoiseVector.protocolName, fromHex(NoiseVector.prologue));
        const iPriv = fromHex(NoiseVector.initStatic);
        const iPub = new Uint8Array(32);
        p.x25519Public(iPriv, iPub);
        const rPriv = fromHex(NoiseVector.respStatic);
        const rPub = new Uint8Array(32);
        p.x25519Public(rPriv, rPub);
        const ini = new NoiseState();
        ini.ephemeralPrivate.set(fromHex(NoiseVector.initEphemeral));
        const p1 = fromHex(NoiseVector.payloads[0]);
        const m1 = new Uint8Array(96 + p1.length);
        expect(noise.writeMessage1(ini, iPriv, iPub, rPub, p1, m1)).assertEqual(NoiseStatus.OK);
        expect(toHex(m1)).assertEqual(NoiseVector.ciphertexts[0]);
        const res = new NoiseState();
        expect(noise.readMessage1(res, rPriv, rPub, m1, new Uint8Array(p1.length))).assertEqual(NoiseStatus.OK);
        res.ephemeralPrivate.set(fromHex(NoiseVector.respEphemeral));
        const p2 = fromHex(NoiseVector.payloads[1]);
        const m2 = new Uint8Array(48 + p2.length);
        expect(noise.writeMessage2(res, fromHex(NoiseVector.psk), p2, m2)).assertEqual(NoiseStatus.OK);
        expect(toHex(m2)).assertEqual(NoiseVector.ciphertexts[1]);
        expect(noise.readMessage2(ini, iPriv, fromHex(NoiseVector.psk), m2, new Uint8Array(p2.length))).assertEqual(NoiseStatus.OK);
        expect(toHex(ini.h)).assertEqual(NoiseVector.handshakeHash);
      }
    });

    it('seal and open in place (out aliasing the input at the same offset, any byteOffset) give the separate-buffer result', 0, () => {
      const rng = new SeededRandom(7);
      let cases = 0;
      for (let i = 0; i < 200; i++) {
        const k = rng.bytes(32);
        const nonce = rng.bytes(12);
        const aad = rng.int(2) === 0 ? new Uint8Array(0) : rng.bytes(rng.int(40));
        const len = i < 3 ? [0, 1, 1500][i] : rng.int(1501);
        const plain = rng.bytes(len);
        const expected = new Uint8Array(len + 16);
        portable.aeadSeal(k, nonce, plain, aad, expected);
        for (const p of both) {
          // As in a datagram inside a receive slot: 16 header bytes before, filler after; odd offsets too.
          const at = [0, 1, 3, 16, 2064][rng.int(5)];
          const buf = new Uint8Array(at + 16 + len + 16 + 8).fill(0xee);
          const region = buf.subarray(at + 16, at + 16 + len + 16);
          region.set(plain);
          p.aeadSeal(k, nonce, region.subarray(0, len), aad, region);
          expect(toHex(region)).assertEqual(toHex(expected));
          const body = region.subarray(0, len);
          expect(p.aeadOpen(k, nonce, region, aad, body)).assertTrue();
          expect(toHex(body)).assertEqual(toHex(plain));
          // Nothing outside the message was written.
          const outside = [...buf.subarray(0, at + 16), ...buf.subarray(at + 16 + len + 16)];
          expect(outside.every((x) => x === 0xee)).assertTrue();
          // A tampered message opened in place: false (its bytes are unspecified then).
          region.set(expected);
          region[rng.int(region.length)] ^= 1 + rng.int(255);
          expect(p.aeadOpen(k, nonce, region, aad, body)).assertFalse();
          cases++;
        }
      }
      expect(cases).assertEqual(400);
    });

    it('an engine on the Node provider talks to an engine on the portable provider', 0, () => {
      const ka = Key.fromBytes(new Uint8Array(32).fill(1));
      const kb = Key.fromBytes(new Uint8Array(32).fill(2));
      const epA = new UdpEndpoint('192.0.2.1', 1, 4);
      const epB = new UdpEndpoint('192.0.2.2', 2, 4);
      const ca = new EngineConfig(ka);
      const pa = new EnginePeerConfig(kb.publicKey());
      pa.endpoint = epB;
      pa.allowedIps = [Cidr.parse('10.0.0.2/32')];
      ca.peers = [pa];
      const cb = new EngineConfig(kb);
      const pb = new EnginePeerConfig(ka.publicKey());
      pb.allowedIps = [Cidr.parse('10.0.0.1/32')];
      cb.peers = [pb];
      const a = new WireGuardEngine(ca, node);
      const b = new WireGuardEngine(cb, portable);
      const oa = new EngineOutput();
      const ob = new EngineOutput();
      let now = 1000;
      a.sendPacket(ipv4Packet('10.0.0.1', '10.0.0.2', 100, 3), now, oa);
      for (let round = 0; round < 5; round++) {
        for (const d of oa.datagrams) b.receiveDatagram(d.data, epA, now, ob);
        oa.datagrams.length = 0;
        for (const d of ob.datagrams) a.receiveDatagram(d.data, epB, now, oa);
        ob.datagrams.length = 0;
        now += 1;
      }
      expect(ob.tunPackets.length).assertEqual(1);
      expect(ob.tunPackets[0].length).assertEqual(120);
      b.sendPacket(ipv4Packet('10.0.0.2', '10.0.0.1', 1000, 4), now, ob);
      for (const d of ob.datagrams) a.receiveDatagram(d.data, epB, now, oa);
      expect(oa.tunPackets.length).assertEqual(1);
      expect(a.statistics().totalDrops() + b.statistics().totalDrops()).assertEqual(0);
    });
  });
}
