/**
 * Hand-written declarations of the part of `@kit.PerformanceAnalysisKit` that HarmonyWG uses
 * (from the OpenHarmony API reference: `@ohos.hilog`). Only these members exist here.
 */
declare module '@kit.PerformanceAnalysisKit' {
  /**
   * The system log. `format` uses `%{public}s`, `%{public}d`, `%{private}s`, …; an argument without
   * `{public}` is printed as `<private>` on release builds. `domain` is 0x0..0xFFFF, `tag` at most
   * 31 bytes. None of these throws.
   * @since 7
   */
  export namespace hilog {
    /** Logs at DEBUG level. @since 7 */
    function debug(domain: number, tag: string, format: string, ...args: (string | number | boolean)[]): void;
    /** Logs at INFO level. @since 7 */
    function info(domain: number, tag: string, format: string, ...args: (string | number | boolean)[]): void;
    /** Logs at WARN level. @since 7 */
    function warn(domain: number, tag: string, format: string, ...args: (string | number | boolean)[]): void;
    /** Logs at ERROR level. @since 7 */
    function error(domain: number, tag: string, format: string, ...args: (string | number | boolean)[]): void;
    /** Logs at FATAL level. @since 7 */
    function fatal(domain: number, tag: string, format: string, ...args: (string | number | boolean)[]): void;
    /** Whether a message at `level` for this domain and tag would be printed. @since 7 */
    function isLoggable(domain: number, tag: string, level: LogLevel): boolean;

    /** Log levels. @since 7 */
    enum LogLevel {
      DEBUG = 3,
      INFO = 4,
      WARN = 5,
      ERROR = 6,
      FATAL = 7
    }
  }
}
