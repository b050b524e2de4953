/**
 * Hand-written declarations of the part of `@kit.CoreFileKit` that HarmonyWG uses (from the OpenHarmony
 * API reference: `@ohos.file.fs`). Only these members exist here.
 *
 * Every function throws a BusinessError whose code maps the OS errno: 13900001 EPERM,
 * 13900002 ENOENT (no such file or directory), 13900004 EINTR, 13900005 EIO, 13900008 EBADF,
 * 13900010 EAGAIN ("Try again"), 13900011 ENOMEM, 13900012 EACCES, 13900014 EBUSY,
 * 13900015 EEXIST, 13900018 ENOTDIR, 13900019 EISDIR, 13900020 EINVAL (invalid argument),
 * 13900022 EMFILE, 13900025 ENOSPC, 13900026 ESPIPE (illegal seek), 13900027 EROFS,
 * 13900030 ENAMETOOLONG, 13900032 ENOTEMPTY, 13900033 ELOOP, 13900034 "Operation would block",
 * 13900041 EDQUOT, 13900042 unknown error; 401 for a bad parameter.
 */
declare module '@kit.CoreFileKit' {
  /** Synchronous and asynchronous file operations on the app sandbox (`@ohos.file.fs`). @since 9 */
  export namespace fileIo {
    /** An open file. @since 9 */
    interface File {
      /** The file descriptor. @since 9 */
      readonly fd: number;
      /** The path the file was opened with. @since 10 */
      readonly path: string;
      /** The file name (last path component). @since 10 */
      readonly name: string;
    }

    /** Options of readSync. @since 11 */
    interface ReadOptions {
      /** Position in the file (bytes); when given the read is positional (pread). @since 11 */
      offset?: number;
      /** Bytes to read; default the buffer length. @since 11 */
      length?: number;
    }

    /** Options of writeSync. @since 11 */
    interface WriteOptions {
      /** Position in the file (bytes); when given the write is positional (pwrite). @since 11 */
      offset?: number;
      /** Bytes to write; default the whole buffer. @since 11 */
      length?: number;
      /** Encoding of a string buffer; only `utf-8`. @since 11 */
      encoding?: string;
    }

    /** Open flags for openSync (values as on Linux). @since 9 */
    namespace OpenMode {
      /** Read only. @since 9 */
      const READ_ONLY = 0o0;
      /** Write only. @since 9 */
      const WRITE_ONLY = 0o1;
      /** Read and write. @since 9 */
      const READ_WRITE = 0o2;
      /** Create the file if it does not exist. @since 9 */
      const CREATE = 0o100;
      /** Truncate an existing file to length 0. @since 9 */
      const TRUNC = 0o1000;
      /** Writes append to the end. @since 9 */
      const APPEND = 0o2000;
    }

    /**
     * Opens `path` (absolute sandbox path or file URI) with `mode` (OpenMode bits, default READ_ONLY).
     * Throws 13900001, 13900002, 13900004, 13900005, 13900008, 13900011, 13900012, 13900014,
     * 13900015, 13900018, 13900019, 13900020, 13900022, 13900025, 13900027, 13900030, 13900033,
     * 13900041, 13900042, 401.
     * @since 9
     */
    function openSync(path: string, mode?: number): File;

    /**
     * Closes a file or fd. Throws 13900004, 13900005, 13900008, 13900025, 13900041, 13900042, 401.
     * @since 9
     */
    function closeSync(file: number | File): void;

    /**
     * Reads into `buffer` from `fd`; returns the byte count (0 at end of file). Without `offset` this is
     * a plain read() (valid on a tun fd: one packet per call); with `offset` a pread().
     * Throws 13900004, 13900005, 13900008, 13900010 (EAGAIN: nothing to read on a non-blocking fd),
     * 13900013, 13900019, 13900020, 13900026 (positional read on a tun/pipe), 13900034, 13900042, 401.
     * @since 9
     */
    function readSync(fd: number, buffer: ArrayBuffer, options?: ReadOptions): number;

    /**
     * Writes `buffer` (bytes, or a UTF-8 string) to `fd`; returns the byte count. Without `offset` this is
     * a plain write(); with `offset` a pwrite().
     * Throws 13900001, 13900004, 13900005, 13900008, 13900010, 13900013, 13900020, 13900024,
     * 13900025, 13900026, 13900034, 13900041, 13900042, 401.
     * @since 9
     */
    function writeSync(fd: number, buffer: ArrayBuffer | string, options?: WriteOptions): number;

    /**
     * Flushes the file's data and metadata to the storage device (fsync(2)).
     * Throws 13900005, 13900008, 13900020, 13900025, 13900027, 13900041, 13900042, 401.
     * @since 9
     */
    function fsyncSync(fd: number): void;

    /**
     * Whether `path` exists. Throws 13900005, 13900008, 13900011, 13900012, 13900020, 13900030,
     * 13900033, 13900042, 401 (ENOENT gives false, not an error).
     * @since 9
     */
    function accessSync(path: string): boolean;

    /**
     * Creates a directory; with `recursion` true also its missing parents (since 11).
     * Throws 13900001, 13900002, 13900008, 13900011, 13900012, 13900015 (exists), 13900018,
     * 13900020, 13900025, 13900027, 13900028, 13900030, 13900033, 13900041, 13900042, 401.
     * @since 9
     */
    function mkdirSync(path: string, recursion?: boolean): void;

    /**
     * Deletes a file. Throws 13900001, 13900002, 13900005, 13900008, 13900011, 13900012, 13900014,
     * 13900018, 13900019, 13900020, 13900027, 13900030, 13900033, 13900042, 401.
     * @since 9
     */
    function unlinkSync(path: string): void;

    /**
     * Renames (atomically replaces) a file. Throws 13900001, 13900002, 13900008, 13900011,
     * 13900012, 13900014, 13900016, 13900018, 13900019, 13900020, 13900025, 13900027, 13900028,
     * 13900030, 13900032, 13900033, 13900041, 13900042, 401.
     * @since 9
     */
    function renameSync(oldPath: string, newPath: string): void;

    /**
     * Names (not paths) of the entries of a directory. Throws 13900002, 13900008, 13900011,
     * 13900018, 13900042, 401.
     * @since 10
     */
    function listFileSync(path: string): string[];

    /**
     * The whole content of a UTF-8 text file. Throws 13900001, 13900002, 13900004, 13900005,
     * 13900008, 13900011, 13900012, 13900013, 13900019, 13900020, 13900024, 13900042, 401.
     * @since 9
     */
    function readTextSync(filePath: string): string;
      /** One event of a {@link Watcher} (inotify). @since 10 */
    interface WatchEvent {
      /** The path of the file the event is about. @since 10 */
      readonly fileName: string;
      /** The inotify event bit (e.g. 0x80 IN_MOVED_TO, 0x8 IN_CLOSE_WRITE). @since 10 */
      readonly event: number;
      /** Links the two halves of a rename. @since 10 */
      readonly cookie: number;
    }

    /** Called for each event. @since 10 */
    interface WatchEventListener {
      (event: WatchEvent): void;
    }

    /** A watch on a file or directory. @since 10 */
    interface Watcher {
      /** Starts delivering events. Throws 13900002, 13900008, 13900011, 13900012, 13900020, 13900021, 13900022, 13900042. @since 10 */
      start(): void;
      /** Stops. Same errors as start. @since 10 */
      stop(): void;
    }

    /**
     * A watcher of `path` for the inotify `events` bits, calling `listener`.
     * Throws 13900002, 13900008, 13900011, 13900012, 13900013, 13900015, 13900018, 13900020,
     * 13900021, 13900022, 13900025, 13900030, 13900042.
     * @since 10
     */
    function createWatcher(path: string, events: number, listener: WatchEventListener): Watcher;
  }

  /** A file watch event, as the kit exports it (`@ohos.file.fs` WatchEvent). @since 10 */
  export type WatchEvent = fileIo.WatchEvent;
  /** A file watch, as the kit exports it (`@ohos.file.fs` Watcher). @since 10 */
  export type Watcher = fileIo.Watcher;

  /** The system pickers (`@ohos.file.picker`). @since 9 */
  export namespace picker {
    /** Options of DocumentViewPicker.select. @since 9 */
    class DocumentSelectOptions {
      /** File name suffixes offered, e.g. `.conf`. @since 10 */
      fileSuffixFilters?: Array<string>;
      /** Most files chosen at once. @since 10 */
      maxSelectNumber?: number;
    }

    /** Options of DocumentViewPicker.save. @since 9 */
    class DocumentSaveOptions {
      /** Suggested names of the files to create. @since 9 */
      newFileNames?: Array<string>;
    }

    /** The document picker. @since 9 */
    class DocumentViewPicker {
      /** @since 12 */
      constructor(context: import('@kit.AbilityKit').common.Context);
      /** The URIs the person chose ([] when cancelled). @since 9 */
      select(option?: DocumentSelectOptions): Promise<Array<string>>;
      /** The URIs of the files created where the person chose. @since 9 */
      save(option?: DocumentSaveOptions): Promise<Array<string>>;
    }
  }
}
