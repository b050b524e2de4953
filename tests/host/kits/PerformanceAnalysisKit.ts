/**
 * Host implementation of `@kit.PerformanceAnalysisKit` (hilog) writing to stderr, one line per call:
 *   `MM-DD HH:MM:SS.mmm  PID  LEVEL DDDDD/tag: message`
 * Format semantics of a release device: `%{public}s` / `%{public}d` arguments are shown,
 * `%{private}s` and plain `%s` / `%d` (no `{public}`) are printed as `<private>`.
 * HARMONYWG_LOG selects the lowest printed level: debug | info | warn (default) | error | fatal | off.
 * HARMONYWG_LOG_PRIVATE=show prints private arguments too (like a debug build).
 */
export namespace hilog {
  export enum LogLevel { DEBUG = 3, INFO = 4, WARN = 5, ERROR = 6, FATAL = 7 }

  const NAMES: Record<string, number> = { debug: 3, info: 4, warn: 5, warning: 5, error: 6, fatal: 7, off: 100 };
  const LETTER: Record<number, string> = { 3: 'D', 4: 'I', 5: 'W', 6: 'E', 7: 'F' };

  function threshold(): number {
    const v = (process.env.HARMONYWG_LOG ?? 'warn').toLowerCase();
    return NAMES[v] ?? 5;
  }

  /** Expands the hilog format with its privacy rules. */
  export function formatMessage(format: string, args: unknown[]): string {
    let i = 0;
    const show = process.env.HARMONYWG_LOG_PRIVATE === 'show';
    return String(format).replace(/%(?:\{(public|private)\})?([sdiufxXoc%])/g, (m, vis, conv) => {
      if (conv === '%') return '%';
      const a = args[i++];
      if (vis !== 'public' && !show) return '<private>';
      if (conv === 'd' || conv === 'i' || conv === 'u') return typeof a === 'number' ? String(Math.trunc(a)) : String(a);
      if (conv === 'x') return typeof a === 'number' ? a.toString(16) : String(a);
      if (conv === 'X') return typeof a === 'number' ? a.toString(16).toUpperCase() : String(a);
      return String(a);
    });
  }

  function pad(n: number, w = 2): string { return String(n).padStart(w, '0'); }

  function write(level: number, domain: number, tag: string, format: string, args: unknown[]): void {
    if (level < threshold()) return;
    const d = new Date();
    const ts = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    const dom = (Number(domain) & 0xffff).toString(16).toUpperCase().padStart(5, '0');
    process.stderr.write(`${ts} ${String(process.pid).padStart(6)} ${LETTER[level]} ${dom}/${tag}: ${formatMessage(format, args)}\n`);
  }

  export function debug(domain: number, tag: string, format: string, ...args: unknown[]): void { write(3, domain, tag, format, args); }
  export function info(domain: number, tag: string, format: string, ...args: unknown[]): void { write(4, domain, tag, format, args); }
  export function warn(domain: number, tag: string, format: string, ...args: unknown[]): void { write(5, domain, tag, format, args); }
  export function error(domain: number, tag: string, format: string, ...args: unknown[]): void { write(6, domain, tag, format, args); }
  export function fatal(domain: number, tag: string, format: string, ...args: unknown[]): void { write(7, domain, tag, format, args); }
  export function isLoggable(_domain: number, _tag: string, level: LogLevel): boolean { return level >= threshold(); }
}
