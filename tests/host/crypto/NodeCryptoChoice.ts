/**
 * Build-time substitute for entry/src/main/ets/tunnel/CryptoChoice.ets when the host runtime runs the
 * VPN ability with HARMONYWG_CRYPTO=node (see abilities.ts): the same function, backed by node:crypto.
 */
import { CryptoProvider } from '../../../entry/src/main/ets/core/crypto/CryptoProvider';
import { NodeCryptoProvider } from './NodeCryptoProvider';

/** A new node:crypto provider for one tunnel. */
export function createCryptoProvider(): CryptoProvider {
  return new NodeCryptoProvider();
}
