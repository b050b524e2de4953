/**
 * The part of HarmonyOS Scan Kit (`@kit.ScanKit`) that HarmonyWG uses. Scan Kit is part of the
 * HarmonyOS SDK, not of OpenHarmony's (so not of `@arkts/declarations`); these members follow the
 * HarmonyOS API reference (scanBarcode, scanCore; HarmonyOS 4.1.0(11)). System capability
 * `SystemCapability.Multimedia.Scan.ScanBarcode`: call only where `canIUse` says the device has it.
 * The lint gate maps the module name here (tests/tools/lint.mjs `paths`); the host runtime has no
 * scanner (tests/host/kits/ScanKit.ts: the device has no such capability there).
 */

/** Shared scanning types. @since 4.1.0(11) */
export declare namespace scanCore {
  /** Code formats. @since 4.1.0(11) */
  enum ScanType {
    /** QR code. @since 4.1.0(11) */
    QR_CODE = 11
  }
}

/** The system's scanning UI. @since 4.1.0(11) */
export declare namespace scanBarcode {
  /** Options of startScanForResult. @since 4.1.0(11) */
  interface ScanOptions {
    /** Formats to recognise. @since 4.1.0(11) */
    scanTypes?: Array<scanCore.ScanType>;
    /** Recognise several codes at once. @since 4.1.0(11) */
    enableMultiMode?: boolean;
    /** Allow choosing a picture from the gallery. @since 4.1.0(11) */
    enableAlbum?: boolean;
  }

  /** A code read. @since 4.1.0(11) */
  interface ScanResult {
    /** The code's format. @since 4.1.0(11) */
    scanType: scanCore.ScanType;
    /** The text the code holds. @since 4.1.0(11) */
    originalValue: string;
  }

  /**
   * Opens the scanning UI; resolves with the code read. Rejects with 1000500001 (internal error) or
   * 1000500002 (the person cancelled, from 5.0.0(12)); 401 for bad parameters.
   * @since 4.1.0(11)
   */
  function startScanForResult(context: import('@kit.AbilityKit').common.Context, options?: ScanOptions): Promise<ScanResult>;
}
