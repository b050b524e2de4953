/**
 * `genkey` / `pubkey`, as wireguard-tools' `wg genkey` / `wg pubkey`, through the app's Key class.
 *   genkey: prints a new base64 private key (32 bytes from the app's CryptoArchitectureKit generator); exit 0.
 *   pubkey: reads a base64 private key on stdin, prints its public key; exit 0, or exit 1 with
 *           `error: not a WireGuard key (<REASON>)` for bad input.
 */
import fs from 'node:fs';
import { Key, KeyFormatError } from '../../../../entry/src/main/ets/core/crypto/Keys';
import { SystemRandomSource } from '../../../../entry/src/main/ets/common/SystemRandom';

export function genkey(): number {
  process.stdout.write(Key.generatePrivate(new SystemRandomSource()).toBase64() + '\n');
  return 0;
}

export function pubkey(): number {
  const text = fs.readFileSync(0, 'utf8');
  try {
    process.stdout.write(Key.fromBase64(text).publicKey().toBase64() + '\n');
    return 0;
  } catch (e) {
    if (e instanceof KeyFormatError) {
      process.stderr.write(`error: not a WireGuard key (${e.reason})\n`);
      return 1;
    }
    throw e;
  }
}

export async function run(args: string[]): Promise<number> {
  return args[0] === 'pubkey' ? pubkey() : genkey();
}
