/**
 * Hand-written declarations of the part of `@kit.CryptoArchitectureKit` that HarmonyWG uses: the
 * random generator of `@ohos.security.cryptoFramework` (API reference; interface_sdk-js
 * api/@ohos.security.cryptoFramework.d.ts). Only these members exist here.
 */
declare module '@kit.CryptoArchitectureKit' {
  export namespace cryptoFramework {
    /** Bytes in or out of the framework. @since 9 */
    interface DataBlob {
      /** The bytes. @since 9 */
      data: Uint8Array;
    }

    /**
     * A random generator (CTR_DRBG). Syscap SystemCapability.Security.CryptoFramework (API 9–11),
     * SystemCapability.Security.CryptoFramework.Rand (from API 12). @since 9
     */
    interface Random {
      /**
       * `len` random bytes, synchronously. `len` must be an integer in [1, INT_MAX].
       * Errors: 401 invalid parameters, 17620001 memory operation failed, 17630001 crypto operation error.
       * @since 10
       */
      generateRandomSync(len: number): DataBlob;
      /** The algorithm name; "CTR_DRBG". @since 10 */
      readonly algName: string;
    }

    /** A new random generator. Errors: 17620001 memory operation failed. @since 9 */
    function createRandom(): Random;
  }
}
