/**
 * Build-time substitute for entry/src/main/ets/tunnel/CryptoChoice.ets when the host runtime runs the
 * VPN ability with HARMONYWG_CRYPTO=node (see abilities.ts): the same function, backed by node:crypto.
 */
import { CryptoProvider } from '../../../entry/src/main/ets/core/crypto/CryptoProvider';
import { SystemRandomSource } from '../../../entry/src/main/ets/common/SystemRandom';
import { NodeCryptoProvider } from './NodeCryptoProvider';

/** A new node:crypto provider for one tunnel; random bytes from the app's generator, as on the device. */
export function createCryptoProvider(): CryptoProvider {
  return new NodeCryptoProvider(new SystemRandomSource());
}
