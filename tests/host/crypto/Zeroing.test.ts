/**
 * Secrets do not outlive their use (issue 14 item 8): the KDF's scratch buffers (prk, T), the Noise
 * handshake's scratch keys and DH results (on success and on every failure path), and the X25519
 * shared secret tweetnacl returns are all zero once the call returns. A recording provider sees every
 * buffer the code under test hands to the primitives; the test then reads those buffers.
 */
import { describe, it, expect } from '@ohos/hypium';
import nacl from 'tweetnacl';
import { CryptoProvider } from '../../../entry/src/main/ets/core/crypto/CryptoProvider';
import { PortableCryptoProvider } from '../../../entry/src/main/ets/core/crypto/PortableCryptoProvider';
import { Kdf, NoiseIKpsk2, NoiseState, NoiseStatus } from '../../../entry/src/main/ets/core/wireguard/Noise';
import { CONSTRUCTION, IDENTIFIER } from '../../../entry/src/main/ets/core/wireguard/Constants';
import { asciiBytes } from '../../../entry/src/main/ets/core/wireguard/Noise';
import { SeededSource, testKey } from '../../../entry/src/test/helpers/EngineHarness';

/** Passes every call through and remembers the secret-bearing buffers it was given. */
class RecordingProvider implements CryptoProvider {
  readonly name = 'recording';
  readonly inner: CryptoProvider;
  /** Outputs of HMAC and X25519, keys of HMAC and the AEADs. */
  readonly seen: Uint8Array[] = [];

  constructor(inner: CryptoProvider) { this.inner = inner; }
  x25519(k: Uint8Array, p: Uint8Array, out: Uint8Array): boolean { this.seen.push(out); return this.inner.x25519(k, p, out); }
  x25519Public(k: Uint8Array, out: Uint8Array): void { this.inner.x25519Public(k, out); }
  hash(a: Uint8Array, b: Uint8Array, out: Uint8Array): void { this.inner.hash(a, b, out); }
  mac(key: Uint8Array, data: Uint8Array, out: Uint8Array): void { this.inner.mac(key, data, out); }
  hmac(key: Uint8Array, data: Uint8Array, out: Uint8Array): void { this.seen.push(key, out); this.inner.hmac(key, data, out); }
  aeadSeal(key: Uint8Array, n: Uint8Array, p: Uint8Array, aad: Uint8Array, out: Uint8Array): void { this.seen.push(key); this.inner.aeadSeal(key, n, p, aad, out); }
  aeadOpen(key: Uint8Array, n: Uint8Array, c: Uint8Array, aad: Uint8Array, out: Uint8Array): boolean { this.seen.push(key); return this.inner.aeadOpen(key, n, c, aad, out); }
  xaeadSeal(key: Uint8Array, n: Uint8Array, p: Uint8Array, aad: Uint8Array, out: Uint8Array): void { this.inner.xaeadSeal(key, n, p, aad, out); }
  xaeadOpen(key: Uint8Array, n: Uint8Array, c: Uint8Array, aad: Uint8Array, out: Uint8Array): boolean { return this.inner.xaeadOpen(key, n, c, aad, out); }
  randomBytes(out: Uint8Array): void { this.inner.randomBytes(out); }
}

function isZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

/** The recorded buffers that belong to none of `own` (the caller's inputs, outputs and state). */
function scratch(seen: Uint8Array[], own: Uint8Array[]): Uint8Array[] {
  const buffers = new Set(own.map((b) => b.buffer));
  const out: Uint8Array[] = [];
  for (const b of seen) if (!buffers.has(b.buffer) && !out.some((o) => o.buffer === b.buffer)) out.push(b);
  return out;
}

function stateBuffers(st: NoiseState): Uint8Array[] {
  return [st.ck, st.h, st.ephemeralPrivate, st.remoteEphemeral, st.remoteStatic];
}

export default function zeroingTest(): void {
  describe('Zeroing', () => {
    it('KDF1/2/3 leave their scratch buffers (prk, T) zeroed; only the outputs hold key material', 0, () => {
      const rec = new RecordingProvider(new PortableCryptoProvider(new SeededSource(1)));
      const kdf = new Kdf(rec);
      const key = new Uint8Array(32).fill(7);
      const input = new Uint8Array(40).fill(9);
      const o1 = new Uint8Array(32);
      const o2 = new Uint8Array(32);
      const o3 = new Uint8Array(32);
      for (const n of [1, 2, 3]) {
        rec.seen.length = 0;
        if (n === 1) kdf.kdf1(key, input, o1);
        else if (n === 2) kdf.kdf2(key, input, o1, o2);
        else kdf.kdf3(key, input, o1, o2, o3);
        const s = scratch(rec.seen, [key, input, o1, o2, o3]);
        expect(s.length).assertEqual(2); // prk and the T block
        for (const b of s) expect(isZero(b)).assertTrue();
        expect(isZero(o1)).assertFalse();
      }
    });

    it('the Noise handshake zeroes its scratch keys and DH results on success and on every failure', 0, () => {
      const rec = new RecordingProvider(new PortableCryptoProvider(new SeededSource(2)));
      const noise = new NoiseIKpsk2(rec, CONSTRUCTION, asciiBytes(IDENTIFIER));
      const iKey = testKey(1).bytes;
      const rKey = testKey(2).bytes;
      const iPub = new Uint8Array(32);
      const rPub = new Uint8Array(32);
      rec.x25519Public(iKey, iPub);
      rec.x25519Public(rKey, rPub);
      const psk = new Uint8Array(32);
      const payload = new Uint8Array(12).fill(3);
      const checkScratch = (step: string, own: Uint8Array[]): void => {
        const s = scratch(rec.seen, own);
        const dirty = s.filter((b) => !isZero(b)).length;
        if (dirty > 0) console.error(`${step}: ${dirty} of ${s.length} scratch buffers still hold secrets`);
        expect(s.length > 0).assertTrue();
        expect(dirty).assertEqual(0);
        rec.seen.length = 0;
      };
      const handshake = (corrupt: number): void => {
        const ist = new NoiseState();
        const rst = new NoiseState();
        rec.randomBytes(ist.ephemeralPrivate);
        rec.randomBytes(rst.ephemeralPrivate);
        const m1 = new Uint8Array(96 + payload.length);
        rec.seen.length = 0;
        expect(noise.writeMessage1(ist, iKey, iPub, rPub, payload, m1)).assertEqual(NoiseStatus.OK);
        checkScratch('writeMessage1', [...stateBuffers(ist), iKey, iPub, rPub, payload, m1]);
        if (corrupt === 1) m1[40] ^= 1; // encrypted static: fails after the first DH
        if (corrupt === 2) m1[90] ^= 1; // encrypted payload: fails after both DHs
        const p1 = new Uint8Array(payload.length);
        const s1 = noise.readMessage1(rst, rKey, rPub, m1, p1);
        checkScratch(`readMessage1 (corrupt ${corrupt})`, [...stateBuffers(rst), rKey, rPub, m1, p1]);
        if (corrupt !== 0) {
          expect(s1).assertEqual(NoiseStatus.DECRYPT_FAILED);
          return;
        }
        const m2 = new Uint8Array(48);
        expect(noise.writeMessage2(rst, psk, new Uint8Array(0), m2)).assertEqual(NoiseStatus.OK);
        checkScratch('writeMessage2', [...stateBuffers(rst), psk, m2]);
        const bad = new Uint8Array(m2);
        bad[40] ^= 1;
        expect(noise.readMessage2(ist, iKey, psk, bad, new Uint8Array(0))).assertEqual(NoiseStatus.DECRYPT_FAILED);
        checkScratch('readMessage2 (corrupt)', [...stateBuffers(ist), iKey, psk, bad]);
        expect(noise.readMessage2(ist, iKey, psk, m2, new Uint8Array(0))).assertEqual(NoiseStatus.OK);
        checkScratch('readMessage2', [...stateBuffers(ist), iKey, psk, m2]);
      };
      handshake(0);
      handshake(1);
      handshake(2);
    });

    it('X25519 (portable) zeroes the shared secret tweetnacl returns; the caller gets its copy', 0, () => {
      const original = nacl.scalarMult;
      const returned: Uint8Array[] = [];
      const spy = ((n: Uint8Array, p: Uint8Array): Uint8Array => {
        const r = original(n, p);
        returned.push(r);
        return r;
      }) as typeof nacl.scalarMult;
      spy.base = original.base;
      spy.scalarLength = original.scalarLength;
      spy.groupElementLength = original.groupElementLength;
      nacl.scalarMult = spy;
      try {
        const p = new PortableCryptoProvider(new SeededSource(3));
        const pub = new Uint8Array(32);
        p.x25519Public(testKey(2).bytes, pub);
        const out = new Uint8Array(32);
        expect(p.x25519(testKey(1).bytes, pub, out)).assertTrue();
        expect(returned.length).assertEqual(1);
        expect(isZero(out)).assertFalse();
        expect(isZero(returned[0])).assertTrue();
      } finally {
        nacl.scalarMult = original;
      }
    });
  });
}
