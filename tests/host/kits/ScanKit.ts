/**
 * Host `@kit.ScanKit` (HarmonyOS Scan Kit): the host is no HarmonyOS device, so it has no scanner —
 * `canIUse('SystemCapability.Multimedia.Scan.ScanBarcode')` is false there and the app never calls
 * this; a call anyway rejects as Scan Kit's internal error (1000500001).
 */
import { BusinessError } from '../runtime';

export namespace scanCore {
  export enum ScanType { QR_CODE = 11 }
}

export namespace scanBarcode {
  export async function startScanForResult(): Promise<never> {
    throw new BusinessError(1000500001, 'Internal error: no scanner on this host');
  }
}
