/**
 * Globals of the ArkTS runtime that the app uses (the SDK declares them in its ets lib; written here
 * from the API reference: Timer @since 7, console @since 7).
 */

/** Runs `handler` once after `delay` ms (default 0); returns the timer id. @since 7 */
declare function setTimeout(handler: () => void, delay?: number): number;

/** Cancels a timer from setTimeout. @since 7 */
declare function clearTimeout(timeoutID?: number): void;

/** Runs `handler` every `delay` ms; returns the timer id. @since 7 */
declare function setInterval(handler: () => void, delay: number): number;

/** Cancels a timer from setInterval. @since 7 */
declare function clearInterval(intervalID?: number): void;

/** Console output (goes to hilog on the device). @since 7 */
declare namespace console {
  function debug(message: string, ...arguments: Object[]): void;
  function log(message: string, ...arguments: Object[]): void;
  function info(message: string, ...arguments: Object[]): void;
  function warn(message: string, ...arguments: Object[]): void;
  function error(message: string, ...arguments: Object[]): void;
}

/** Whether the device has system capability `syscap` (e.g. `SystemCapability.Multimedia.Scan.ScanBarcode`). @since 11 */
declare function canIUse(syscap: string): boolean;
