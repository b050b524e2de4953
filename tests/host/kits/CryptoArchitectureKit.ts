/**
 * Host implementation of `@kit.CryptoArchitectureKit`: the random generator of cryptoFramework, backed
 * by node:crypto (OpenSSL's CSPRNG), with the device's argument checks (only the members of the SDK declarations
 * that the app uses).
 */
import crypto from 'node:crypto';
import { BusinessError } from '../runtime';

/** INT_MAX: the largest `len` generateRandomSync accepts (API reference: [1, INT_MAX]). */
const INT_MAX = 2147483647;

export namespace cryptoFramework {
  export interface DataBlob { data: Uint8Array }

  export interface Random {
    generateRandomSync(len: number): DataBlob;
    readonly algName: string;
  }

  class HostRandom implements Random {
    readonly algName = 'CTR_DRBG';
    generateRandomSync(len: number): DataBlob {
      if (typeof len !== 'number' || !Number.isInteger(len) || len < 1 || len > INT_MAX) {
        throw new BusinessError(401, 'Invalid parameters: len must be an integer in [1, INT_MAX]');
      }
      return { data: crypto.randomFillSync(new Uint8Array(len)) };
    }
  }

  export function createRandom(): Random {
    return new HostRandom();
  }
}
