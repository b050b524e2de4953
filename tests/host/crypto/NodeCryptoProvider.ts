/**
 * The Node {@link CryptoProvider} of the host runtime: node:crypto (OpenSSL) for X25519,
 * ChaCha20-Poly1305, BLAKE2s-256 and HMAC-BLAKE2s, which are several times faster than the portable
 * provider (README, "Benchmarks": portable vs node rounds). Node has neither keyed BLAKE2s (MAC)
 * nor XChaCha20-Poly1305, so those two come from @noble, like the portable provider; they are used
 * only for mac1/mac2 and cookie replies, never on the transport path.
 *
 * Byte-identical to PortableCryptoProvider (tests/host/crypto/CryptoProviders.test.ts).
 */
import crypto from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { blake2s } from '@noble/hashes/blake2.js';
import { AEAD_TAG_LENGTH, CryptoProvider } from '../../../entry/src/main/ets/core/crypto/CryptoProvider';
import { RandomSource } from '../../../entry/src/main/ets/core/crypto/RandomSource';

/** DER prefixes of X25519 keys (RFC 8410): PKCS#8 private key and SubjectPublicKeyInfo. */
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export class NodeCryptoProvider implements CryptoProvider {
  readonly name: string = 'node';
  private readonly random: RandomSource;
  /** Prepared KeyObject of the most recently used private key (the interface key is reused). */
  private lastPrivateBytes: Buffer = Buffer.alloc(0);
  private lastPrivate: crypto.KeyObject | null = null;

  /** @param random where every random byte comes from (the app's RandomSource, as for the portable provider). */
  constructor(random: RandomSource) {
    this.random = random;
  }

  private privateKeyObject(priv: Uint8Array): crypto.KeyObject {
    if (this.lastPrivate !== null && this.lastPrivateBytes.equals(priv)) {
      return this.lastPrivate;
    }
    const k = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, priv]), format: 'der', type: 'pkcs8' });
    this.lastPrivateBytes = Buffer.from(priv);
    this.lastPrivate = k;
    return k;
  }

  x25519(privateKey: Uint8Array, publicKey: Uint8Array, out: Uint8Array): boolean {
    let shared: Buffer;
    try {
      const pub = crypto.createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
      shared = crypto.diffieHellman({ privateKey: this.privateKeyObject(privateKey), publicKey: pub });
    } catch (e) {
      // OpenSSL refuses the all-zero shared secret (low-order point).
      out.fill(0);
      return false;
    }
    out.set(shared);
    let acc = 0;
    for (let i = 0; i < 32; i++) acc |= shared[i];
    shared.fill(0); // node's own copy of the shared secret
    return acc !== 0;
  }

  x25519Public(privateKey: Uint8Array, out: Uint8Array): void {
    const der = crypto.createPublicKey(this.privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
    out.set(der.subarray(der.length - 32));
  }

  hash(a: Uint8Array, b: Uint8Array, out: Uint8Array): void {
    const h = crypto.createHash('blake2s256').update(a);
    if (b.length > 0) h.update(b);
    out.set(h.digest());
  }

  mac(key: Uint8Array, data: Uint8Array, out: Uint8Array): void {
    out.set(blake2s(data, { dkLen: 16, key }));
  }

  hmac(key: Uint8Array, data: Uint8Array, out: Uint8Array): void {
    const t = crypto.createHmac('blake2s256', key).update(data).digest();
    out.set(t);
    t.fill(0);
  }

  aeadSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, out: Uint8Array): void {
    const c = crypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: AEAD_TAG_LENGTH });
    c.setAAD(aad, { plaintextLength: plaintext.length });
    const n = plaintext.length;
    const body = c.update(plaintext);
    c.final();
    out.set(body, 0);
    out.set(c.getAuthTag(), n);
  }

  aeadOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array, out: Uint8Array): boolean {
    if (ciphertext.length < AEAD_TAG_LENGTH) return false;
    const n = ciphertext.length - AEAD_TAG_LENGTH;
    try {
      const d = crypto.createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: AEAD_TAG_LENGTH });
      d.setAAD(aad, { plaintextLength: n });
      d.setAuthTag(ciphertext.subarray(n));
      const body = d.update(ciphertext.subarray(0, n));
      d.final(); // throws when the tag does not verify; `body` is discarded then
      out.set(body, 0);
      return true;
    } catch (e) {
      return false;
    }
  }

  xaeadSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, out: Uint8Array): void {
    xchacha20poly1305(key, nonce, aad).encrypt(plaintext, out);
  }

  xaeadOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array, out: Uint8Array): boolean {
    if (ciphertext.length < AEAD_TAG_LENGTH) return false;
    try {
      xchacha20poly1305(key, nonce, aad).decrypt(ciphertext, out);
      return true;
    } catch (e) {
      return false;
    }
  }

  randomBytes(out: Uint8Array): void {
    this.random.fill(out);
  }
}
