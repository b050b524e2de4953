/**
 * Hand-written declarations of the part of `@kit.BasicServicesKit` that HarmonyWG uses
 * (from the OpenHarmony API reference: `@ohos.base`, `@ohos.deviceInfo`). Only these members exist here.
 */
declare module '@kit.BasicServicesKit' {
  /**
   * The error every OpenHarmony API rejects or throws with (`@ohos.base`).
   * `code` is the API's error code (e.g. 401 parameter error, 201 permission denied,
   * 801 capability not supported, 139000xx file errors, 22000xx/22030xx VPN errors).
   * @since 9
   */
  export interface BusinessError<T = void> extends Error {
    /** The error code. @since 9 */
    code: number;
    /** Extra data some APIs attach. @since 9 */
    data?: T;
  }

  /** A callback with one value (`@ohos.base`). @since 9 */
  export interface Callback<T> {
    (data: T): void;
  }

  /** A callback that receives an error (`@ohos.base`). @since 9 */
  export interface ErrorCallback<T extends Error = BusinessError> {
    (err: T): void;
  }

  /** A Node-style callback: `err` is null/undefined on success (`@ohos.base`). @since 6 */
  export interface AsyncCallback<T, E = void> {
    (err: BusinessError<E>, data: T): void;
  }

  /**
   * Device information (`@ohos.deviceInfo`). Reading it needs no permission and never throws.
   * @since 6
   */
  export namespace deviceInfo {
    /** The SDK API level of the running system, e.g. 12 for 5.0.0. @since 6 */
    const sdkApiVersion: number;
    /** The full OS name and version, e.g. `OpenHarmony-5.0.0.71`. @since 6 */
    const osFullName: string;
    /** The product model, e.g. `ALN-AL00`. @since 6 */
    const productModel: string;
  }

  /**
   * System time (@ohos.systemDateTime).
   * @since 10
   */
  export namespace systemDateTime {
    /** Which uptime clock to read. @since 10 */
    enum TimeType {
      /** Time since boot, including deep sleep. */
      STARTUP = 0,
      /** Time since boot, excluding deep sleep. */
      ACTIVE = 1
    }
    /**
     * Time since boot of the given kind, in ms (or ns when isNanoseconds is true).
     * Errors: 401 parameter error. @since 10
     */
    function getUptime(timeType: TimeType, isNanoseconds?: boolean): number;
  }

  /**
   * The system pasteboard (@ohos.pasteboard). Writing needs no permission.
   * @since 6
   */
  export namespace pasteboard {
    /** MIME type of plain text. @since 7 */
    const MIMETYPE_TEXT_PLAIN: string;
    /** Pasteboard content. @since 6 */
    interface PasteData {
    }
    /** The system pasteboard. @since 6 */
    interface SystemPasteboard {
      /**
       * Replaces the pasteboard's content. Errors: 401 parameter error, 12900003 another copy or paste
       * is in progress, 12900004 copying is prohibited.
       * @since 9
       */
      setData(data: PasteData): Promise<void>;
    }
    /** Content of one MIME type. Errors: 401 parameter error. @since 9 */
    function createData(mimeType: string, value: string): PasteData;
    /** The system pasteboard. @since 6 */
    function getSystemPasteboard(): SystemPasteboard;
  }
}
