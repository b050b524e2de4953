/**
 * Host implementation of `@kit.CoreFileKit` (fileIo) over node:fs with real file descriptors.
 * readSync/writeSync without an `offset` option are plain read()/write() (so they work on a tun fd,
 * one packet per call); with an `offset` they are pread()/pwrite() (ESPIPE on a tun, as on the device).
 * Every OS error becomes a BusinessError with the device's 139000xx code (EAGAIN → 13900010 "Try again").
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusinessError } from '../runtime';

/** errno name → [code, message] as listed in the file API error reference. */
const ERRNO: Record<string, [number, string]> = {
  EPERM: [13900001, 'Operation not permitted'],
  ENOENT: [13900002, 'No such file or directory'],
  ESRCH: [13900003, 'No such process'],
  EINTR: [13900004, 'Interrupted system call'],
  EIO: [13900005, 'I/O error'],
  ENXIO: [13900006, 'No such device or address'],
  E2BIG: [13900007, 'Arg list too long'],
  EBADF: [13900008, 'Bad file descriptor'],
  ECHILD: [13900009, 'No child processes'],
  EAGAIN: [13900010, 'Try again'],
  ENOMEM: [13900011, 'Out of memory'],
  EACCES: [13900012, 'Permission denied'],
  EFAULT: [13900013, 'Bad address'],
  EBUSY: [13900014, 'Device or resource busy'],
  EEXIST: [13900015, 'File exists'],
  EXDEV: [13900016, 'Cross-device link'],
  ENODEV: [13900017, 'No such device'],
  ENOTDIR: [13900018, 'Not a directory'],
  EISDIR: [13900019, 'Is a directory'],
  EINVAL: [13900020, 'Invalid argument'],
  ENFILE: [13900021, 'File table overflow'],
  EMFILE: [13900022, 'Too many open files'],
  ETXTBSY: [13900023, 'Text file busy'],
  EFBIG: [13900024, 'File too large'],
  ENOSPC: [13900025, 'No space left on device'],
  ESPIPE: [13900026, 'Illegal seek'],
  EROFS: [13900027, 'Read-only file system'],
  EMLINK: [13900028, 'Too many links'],
  EDEADLK: [13900029, 'Resource deadlock would occur'],
  ENAMETOOLONG: [13900030, 'File name too long'],
  ENOSYS: [13900031, 'Function not implemented'],
  ENOTEMPTY: [13900032, 'Directory not empty'],
  ELOOP: [13900033, 'Too many symbolic links encountered'],
  EWOULDBLOCK: [13900034, 'Operation would block'],
  ENODATA: [13900037, 'No data available'],
  EOVERFLOW: [13900038, 'Value too large for defined data type'],
  EDQUOT: [13900041, 'Quota exceeded'],
};

/** The BusinessError for a Node fs error (unknown errno → 13900042 "Unknown error"). */
export function fsError(e: any): BusinessError {
  if (e instanceof BusinessError) return e;
  const m = e && typeof e.code === 'string' ? ERRNO[e.code] : undefined;
  if (m) return new BusinessError(m[0], m[1]);
  if (e && e.code === 'ERR_INVALID_ARG_TYPE' || e && e.code === 'ERR_OUT_OF_RANGE') return new BusinessError(401, `Parameter error: ${e.message}`);
  return new BusinessError(13900042, `Unknown error${e && e.message ? ': ' + e.message : ''}`);
}

function call<T>(f: () => T): T {
  try { return f(); } catch (e) { throw fsError(e); }
}

function sandboxPath(p: string): string {
  if (typeof p !== 'string' || p.length === 0) throw new BusinessError(401, 'Parameter error: path must be a non-empty string');
  return p.startsWith('file://') ? decodeURIComponent(new URL(p).pathname) : p;
}

export namespace fileIo {
  export interface File { readonly fd: number; readonly path: string; readonly name: string }
  export interface ReadOptions { offset?: number; length?: number }
  export interface WriteOptions { offset?: number; length?: number; encoding?: string }

  export namespace OpenMode {
    export const READ_ONLY = 0o0;
    export const WRITE_ONLY = 0o1;
    export const READ_WRITE = 0o2;
    export const CREATE = 0o100;
    export const TRUNC = 0o1000;
    export const APPEND = 0o2000;
  }

  export function openSync(p: string, mode?: number): File {
    const file = sandboxPath(p);
    const fd = call(() => fs.openSync(file, mode ?? OpenMode.READ_ONLY, 0o660));
    return { fd, path: file, name: path.basename(file) };
  }

  export function closeSync(file: number | File): void {
    const fd = typeof file === 'number' ? file : file && file.fd;
    if (typeof fd !== 'number') throw new BusinessError(401, 'Parameter error: file');
    call(() => fs.closeSync(fd));
  }

  export function readSync(fd: number, buffer: ArrayBuffer, options?: ReadOptions): number {
    if (!(buffer instanceof ArrayBuffer)) throw new BusinessError(401, 'Parameter error: buffer must be an ArrayBuffer');
    const length = options && options.length !== undefined ? options.length : buffer.byteLength;
    if (length > buffer.byteLength || length < 0) throw new BusinessError(13900020, 'Invalid argument');
    const position = options && options.offset !== undefined ? options.offset : null;
    return call(() => fs.readSync(fd, new Uint8Array(buffer), 0, length, position));
  }

  export function writeSync(fd: number, buffer: ArrayBuffer | string, options?: WriteOptions): number {
    let bytes: Uint8Array;
    if (typeof buffer === 'string') bytes = new Uint8Array(Buffer.from(buffer, 'utf8'));
    else if (buffer instanceof ArrayBuffer) bytes = new Uint8Array(buffer);
    else throw new BusinessError(401, 'Parameter error: buffer must be an ArrayBuffer or a string');
    const length = options && options.length !== undefined ? options.length : bytes.byteLength;
    if (length > bytes.byteLength || length < 0) throw new BusinessError(13900020, 'Invalid argument');
    const position = options && options.offset !== undefined ? options.offset : null;
    return call(() => fs.writeSync(fd, bytes, 0, length, position));
  }

  export function fsyncSync(fd: number): void {
    if (typeof fd !== 'number') throw new BusinessError(401, 'Parameter error: fd');
    call(() => fs.fsyncSync(fd));
  }

  export function accessSync(p: string): boolean {
    const file = sandboxPath(p);
    try { fs.accessSync(file); return true; } catch (e: any) {
      if (e && e.code === 'ENOENT') return false;
      throw fsError(e);
    }
  }

  export function mkdirSync(p: string, recursion?: boolean): void {
    const dir = sandboxPath(p);
    call(() => { fs.mkdirSync(dir, { recursive: recursion === true }); });
  }

  export function unlinkSync(p: string): void { const f = sandboxPath(p); call(() => fs.unlinkSync(f)); }
  export function renameSync(oldPath: string, newPath: string): void {
    const a = sandboxPath(oldPath); const b = sandboxPath(newPath);
    call(() => fs.renameSync(a, b));
  }
  export function listFileSync(p: string): string[] { const d = sandboxPath(p); return call(() => fs.readdirSync(d)); }
  export function readTextSync(filePath: string): string { const f = sandboxPath(filePath); return call(() => fs.readFileSync(f, 'utf8')); }

  export interface WatchEvent { readonly fileName: string; readonly event: number; readonly cookie: number }
  export interface Watcher { start(): void; stop(): void }
  /** inotify bits as the device reports them (IN_MODIFY, IN_CLOSE_WRITE, IN_MOVED_TO, IN_CREATE, IN_DELETE). */
  const IN_MODIFY = 0x2, IN_CLOSE_WRITE = 0x8, IN_MOVED_TO = 0x80, IN_CREATE = 0x100, IN_DELETE = 0x200;

  /**
   * createWatcher over Linux inotify (node:fs watch): events in a watched directory are reported with
   * the file's path. Node reports a rename into the directory as 'rename': it becomes IN_MOVED_TO
   * (the name exists afterwards) or IN_DELETE; 'change' becomes IN_MODIFY. Only bits in `events` are delivered.
   */
  export function createWatcher(p: string, events: number, listener: (e: WatchEvent) => void): Watcher {
    const target = sandboxPath(p);
    if (!fs.existsSync(target)) throw new BusinessError(13900002, 'No such file or directory');
    let w: fs.FSWatcher | null = null;
    return {
      start(): void {
        if (w !== null) return;
        w = call(() => fs.watch(target, { persistent: false }, (kind, name) => {
          const file = name === null ? target : path.join(target, String(name));
          let event: number;
          if (kind === 'change') event = IN_MODIFY | IN_CLOSE_WRITE;
          else event = fs.existsSync(file) ? (IN_MOVED_TO | IN_CREATE) : IN_DELETE;
          if ((event & events) !== 0) listener({ fileName: file, event: event & events, cookie: 0 });
        }));
      },
      stop(): void { if (w !== null) { w.close(); w = null; } },
    };
  }
}

/**
 * Host `@ohos.file.picker`: no person to ask, so the choice comes from the environment —
 * HARMONYWG_PICKER_SELECT (paths joined by ':', the files "chosen"; unset: cancelled, []) and
 * HARMONYWG_PICKER_SAVE_DIR (the folder "chosen" to save in; unset: cancelled, []).
 */
export namespace picker {
  export class DocumentSelectOptions { fileSuffixFilters?: string[]; maxSelectNumber?: number }
  export class DocumentSaveOptions { newFileNames?: string[] }
  export class DocumentViewPicker {
    constructor(_context?: unknown) {}
    async select(option?: DocumentSelectOptions): Promise<string[]> {
      const v = process.env.HARMONYWG_PICKER_SELECT;
      const files = v ? v.split(':').filter((x) => x !== '') : [];
      return files.slice(0, option?.maxSelectNumber ?? files.length).map((f) => 'file://' + encodeURI(path.resolve(f)));
    }
    async save(option?: DocumentSaveOptions): Promise<string[]> {
      const dir = process.env.HARMONYWG_PICKER_SAVE_DIR;
      if (!dir) return [];
      return (option?.newFileNames ?? []).map((n) => 'file://' + encodeURI(path.join(path.resolve(dir), n)));
    }
  }
}

/** As the SDK's kit: WriteOptions is also a top-level export of @kit.CoreFileKit (from @ohos.file.fs). */
export type WriteOptions = fileIo.WriteOptions;
