/**
 * Host `@kit.ArkTS`:
 *  - `url.URL.parseURL` (the WHATWG URL parser, as `@ohos.url`) over Node's URL; 10200002 for an invalid URL;
 *  - `worker` (`@ohos.worker`, ThreadWorker @since 9) over Node `worker_threads`: `ThreadWorker`
 *    (host side) and `workerPort` (the ThreadWorkerGlobalScope inside the worker thread), with
 *    `MessageEvents` and `ErrorEvent` as the SDK declares them. See "Workers" in tests/host/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessagePort, Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { bundleHostCode } from '../bundling';
import { BusinessError, hostRuntime } from '../runtime';

export namespace url {
  export class URL {
    href: string;
    protocol: string;
    private constructor(u: globalThis.URL) { this.href = u.href; this.protocol = u.protocol; }
    static parseURL(input: string, base?: string | URL): URL {
      if (typeof input !== 'string') throw new BusinessError(401, 'Parameter error: url must be a string');
      try {
        return new URL(new globalThis.URL(input, typeof base === 'string' ? base : base?.href));
      } catch {
        throw new BusinessError(10200002, 'Invalid url string');
      }
    }
  }
}

/** `Event` of @ohos.worker: `type` and `timeStamp` (ms since the epoch, when the event was created). */
class HostEvent {
  readonly type: string;
  readonly timeStamp: number;
  constructor(type: string) { this.type = type; this.timeStamp = Date.now(); }
}

/** `MessageEvents` (@since 9): `data` is the structured clone of what the other side posted. */
export class MessageEvents extends HostEvent {
  readonly data: any;
  constructor(data: unknown, type = 'message') { super(type); this.data = data; }
}

/**
 * `ErrorEvent` (@since 7): `message`, and where the exception was thrown (`filename` — the source
 * file, repo-relative when inside the repository —, `lineno`, `colno`, 1-based; 0 when unknown)
 * and `error` (the thrown value, structured-cloned: an Error keeps name, message and stack).
 */
export class ErrorEvent extends HostEvent {
  readonly message: string;
  readonly filename: string;
  readonly lineno: number;
  readonly colno: number;
  readonly error: Object;
  constructor(info: ErrorInfo) {
    super('error');
    this.message = info.message; this.filename = info.filename; this.lineno = info.lineno; this.colno = info.colno;
    this.error = info.error as Object;
  }
}

/** What crosses the thread boundary for an ErrorEvent. */
interface ErrorInfo { message: string; filename: string; lineno: number; colno: number; error: unknown }

/** The ErrorEvent fields for a thrown value: message, and the first stack frame's file:line:col. */
function errorInfo(e: unknown): ErrorInfo {
  const message = e instanceof Error || (e && typeof e === 'object' && 'message' in (e as object)) ? String((e as Error).message) : String(e);
  let filename = '';
  let lineno = 0;
  let colno = 0;
  const stack = e && typeof e === 'object' && typeof (e as Error).stack === 'string' ? (e as Error).stack as string : '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m || m[1].startsWith('node:')) continue;
    let f = m[1].startsWith('file://') ? new globalThis.URL(m[1]).pathname : m[1];
    try { const rel = path.relative(hostRuntime().repo, f); if (!rel.startsWith('..')) f = rel; } catch { /* no repo: absolute */ }
    filename = f; lineno = Number(m[2]); colno = Number(m[3]);
    break;
  }
  return { message, filename, lineno, colno, error: e };
}

/** Marks a Node worker started by ThreadWorker (workerData key). */
const WORKER_MARK = 'harmonywg.threadWorker';

/** Worker → host envelopes: an app message, an exception the worker caught in its onmessage, close(). */
type Envelope = { k: 'message'; d: unknown } | { k: 'error'; e: ErrorInfo } | { k: 'close' };

/** The transfer list of postMessage's second argument (ArrayBuffer[] or PostMessageOptions); 401 for anything else. */
function transferList(arg: unknown): ArrayBuffer[] {
  if (arg === undefined || arg === null) return [];
  const list = Array.isArray(arg) ? arg : (typeof arg === 'object' ? (arg as { transfer?: unknown }).transfer : arg);
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new BusinessError(401, 'Parameter error: transfer must be an array of ArrayBuffer');
  for (const x of list) {
    if (Object.prototype.toString.call(x) !== '[object ArrayBuffer]') {
      throw new BusinessError(401, 'Parameter error: the transfer list may hold only ArrayBuffer objects (not null, views or SharedArrayBuffer)');
    }
  }
  return list as ArrayBuffer[];
}

/** Node's DataCloneError (or another failure of postMessage) as BusinessError 10200006. */
function serializationError(e: unknown): BusinessError {
  return new BusinessError(10200006, `An exception occurred during serialization, ${e instanceof Error ? e.message : String(e)}`);
}

/** The Stage-model module a worker file belongs to: its directory (that of the build profile) and name. */
function workerModule(): { dir: string; profile: string; name: string } {
  const rt = hostRuntime();
  const profile = path.resolve(process.env.HARMONYWG_BUILD_PROFILE ?? path.join(rt.repo, 'entry', 'build-profile.json5'));
  const dir = path.dirname(profile);
  let name = path.basename(dir);
  const manifest = path.join(dir, 'src', 'main', 'module.json5');
  if (fs.existsSync(manifest)) {
    const m = rt.requireFromRepo('json5').parse(fs.readFileSync(manifest, 'utf8'));
    if (m && m.module && typeof m.module.name === 'string') name = m.module.name;
  }
  return { dir, profile, name };
}

/**
 * The worker file a Stage-model scriptURL names: `{moduleName}/ets/{relativePath}` → the module's
 * `src/main/ets/{relativePath}` (API reference, @ohos.worker ThreadWorker constructor; "Precautions
 * for File URLs" in the Worker guide), which must be declared in the module's build-profile.json5
 * `buildOption.sourceOption.workers` (else the build packs no worker.abc for it).
 * @throws BusinessError 10200007 for any other form (HAR `@module/…` and relative forms are not
 *   supported here), another module (worker files cannot be used across HAPs), a missing file, or a
 *   file the build profile does not declare.
 */
function resolveWorkerFile(scriptURL: string): string {
  const invalid = (why: string): BusinessError => new BusinessError(10200007, `The worker file path is invalid, ${why}: ${scriptURL}`);
  const mod = workerModule();
  const m = /^([^@/.][^/]*)\/ets\/(.+)$/.exec(scriptURL);
  if (!m) throw invalid('the Stage model wants {moduleName}/ets/{relativePath}');
  if (m[1] !== mod.name) throw invalid(`worker files cannot be used across HAPs (this module is ${mod.name})`);
  const root = path.join(mod.dir, 'src', 'main', 'ets');
  const file = path.resolve(root, m[2]);
  if (!file.startsWith(root + path.sep)) throw invalid(`the relative path leaves ${path.relative(mod.dir, root)}`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw invalid(`no such file ${file}`);
  const profile = hostRuntime().requireFromRepo('json5').parse(fs.readFileSync(mod.profile, 'utf8'));
  const declared: unknown = profile?.buildOption?.sourceOption?.workers;
  const list = Array.isArray(declared) ? declared.filter((x): x is string => typeof x === 'string').map((x) => path.resolve(mod.dir, x)) : [];
  if (!list.includes(file)) throw invalid(`${path.relative(mod.dir, file)} is not declared in buildOption.sourceOption.workers of ${mod.profile}`);
  return file;
}

/** A bundled worker script of this process (one bundle per file, target and substitutions). */
interface WorkerBundle { file?: string; ready: Promise<string> }

/** The bundle of `file` for a worker thread: cached per process; the files are removed at exit (a killed process's by the next process that bundles one). */
function workerBundle(file: string): WorkerBundle {
  const rt = hostRuntime();
  const key = JSON.stringify([file, process.env.HWG_TARGET ?? 'default', process.env.HARMONYWG_CRYPTO ?? '', process.env.HARMONYWG_SEAL_WORKER ?? '']);
  const cached = rt.workerBundles.get(key) as WorkerBundle | undefined;
  if (cached) return cached;
  const dir = path.join(rt.stateDir, 'workers');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${path.basename(file, path.extname(file))}-${process.pid}-${rt.workerBundles.size}-${Date.now()}.mjs`);
  if (rt.workerBundles.size === 0) {
    // bundles left by processes that were killed (no exit hook ran): `<name>-<pid>-…` of a dead pid
    for (const f of fs.readdirSync(dir)) {
      const pid = Number(/^.+?-(\d+)-\d+-\d+\.mjs$/.exec(f)?.[1] ?? NaN);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      try { process.kill(pid, 0); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(dir, f), { force: true }); }
    }
    process.on('exit', () => {
      for (const b of rt.workerBundles.values()) if ((b as WorkerBundle).file) fs.rmSync((b as WorkerBundle).file as string, { force: true });
    });
  }
  const b: WorkerBundle = { ready: bundleHostCode(file, out).then((f) => { b.file = f; return f; }) };
  b.ready.catch(() => { rt.workerBundles.delete(key); });
  rt.workerBundles.set(key, b);
  return b;
}

/** The most worker threads running at once (API reference: "A maximum of 64 Worker threads can run simultaneously"). */
const MAX_WORKERS = 64;

/** WorkerOptions (@since 7): `type` 'classic' | 'module', `name`, `shared` (ignored here). */
export interface WorkerOptions { type?: 'classic' | 'module'; name?: string; shared?: boolean }
/** PostMessageOptions (@since 7): the ArrayBuffers whose ownership moves to the receiver. */
export interface PostMessageOptions { transfer?: Object[] }
/** ThreadWorkerGlobalScope (@since 9): the type of `worker.workerPort`. */
export type ThreadWorkerGlobalScope = worker.HostWorkerPort;

export namespace worker {

  /**
   * `worker.ThreadWorker` (@since 9) on a Node worker thread running the bundled worker file.
   * The constructor checks the scriptURL and the build profile synchronously, then bundles the file
   * (once per process; later workers start at once) and starts the thread; messages posted before the
   * thread runs are cloned (transferred buffers detached) at once and delivered in order.
   * The host thread is not kept alive by the worker (as on the device, where the system ends the
   * process): a caller waiting only for a reply keeps itself alive (a timer, a socket).
   * @throws BusinessError 401 when scriptURL is not a string.
   * @throws BusinessError 10200003 with HARMONYWG_WORKER=fail (no resources for another thread),
   *   with 64 workers running, or for invalid options (name not a string, type not classic/module).
   * @throws BusinessError 10200007 when scriptURL names no declared worker file (resolveWorkerFile).
   */
  export class ThreadWorker {
    onmessage?: (event: MessageEvents) => void;
    onmessageerror?: (event: MessageEvents) => void;
    onerror?: (err: ErrorEvent) => void;
    onexit?: (code: number) => void;
    private thread: Worker | null = null;
    private queued: { m: unknown; t: ArrayBuffer[] }[] = [];
    /** starting (bundling), running, stopping (terminate or close asked), ended (exit seen). */
    private state: 'starting' | 'running' | 'stopping' | 'ended' = 'starting';

    constructor(scriptURL: string, options?: WorkerOptions) {
      if (typeof scriptURL !== 'string') throw new BusinessError(401, 'Parameter error: scriptURL must be a string');
      if (process.env.HARMONYWG_WORKER === 'fail') {
        throw new BusinessError(10200003, 'Worker initialization failed, no resources for another worker thread (HARMONYWG_WORKER=fail)');
      }
      if (options !== undefined && options !== null) {
        if (typeof options !== 'object' || (options.name !== undefined && typeof options.name !== 'string')
          || (options.type !== undefined && options.type !== 'classic' && options.type !== 'module')) {
          throw new BusinessError(10200003, 'Worker initialization failed, the worker options are invalid');
        }
      }
      const rt = hostRuntime();
      if (rt.workers.size >= MAX_WORKERS) throw new BusinessError(10200003, 'Worker initialization failed, the number of workers exceeds the maximum');
      const file = resolveWorkerFile(scriptURL);
      rt.workers.add(this);
      const b = workerBundle(file);
      if (b.file) this.start(b.file);
      else b.ready.then((f) => this.start(f), (e) => this.failToStart(e));
    }

    private start(bundle: string): void {
      if (this.state !== 'starting') return;
      // source maps always (ErrorEvent names the .ets file and line); profiling flags as the process has them
      const execArgv = ['--enable-source-maps', ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))];
      let t: Worker;
      try {
        t = new Worker(bundle, { workerData: { [WORKER_MARK]: true }, execArgv });
      } catch (e) { this.failToStart(e); return; }
      this.thread = t;
      this.state = 'running';
      t.on('message', (env: Envelope) => this.fromWorker(env));
      t.on('messageerror', (e: unknown) => { if (this.state === 'running' && this.onmessageerror) this.onmessageerror(new MessageEvents(e, 'messageerror')); });
      t.on('error', (e: unknown) => { if (this.state === 'running' && this.onerror) this.onerror(new ErrorEvent(errorInfo(e))); });
      t.on('exit', (code: number) => {
        const asked = this.state === 'stopping';
        this.ended(asked ? 0 : code);
      });
      // after the listeners: adding a 'message' listener refs the port again (Node's MessagePort)
      t.unref();
      for (const q of this.queued) t.postMessage(q.m, q.t);
      this.queued = [];
    }

    private failToStart(e: unknown): void {
      if (this.state !== 'starting') return;
      if (this.onerror) this.onerror(new ErrorEvent(errorInfo(e)));
      this.ended(1);
    }

    private ended(code: number): void {
      if (this.state === 'ended') return;
      this.state = 'ended';
      this.queued = [];
      hostRuntime().workers.delete(this);
      if (this.onexit) this.onexit(code);
    }

    private fromWorker(env: Envelope): void {
      if (this.state !== 'running' || !env || typeof env !== 'object') return;
      if (env.k === 'message') { if (this.onmessage) this.onmessage(new MessageEvents(env.d)); }
      else if (env.k === 'error') { if (this.onerror) this.onerror(new ErrorEvent(env.e)); }
      else if (env.k === 'close') this.stop();
    }

    private stop(): void {
      this.state = 'stopping';
      if (this.thread) void this.thread.terminate();
      else setImmediate(() => this.ended(0));
    }

    /**
     * Sends `message` (structured clone: class instances arrive as plain objects with their own
     * fields) to the worker thread; the listed ArrayBuffers are transferred (detached here).
     * @throws BusinessError 401 for a missing message or a transfer list with anything but ArrayBuffers.
     * @throws BusinessError 10200004 after terminate() or the worker's close() / exit.
     * @throws BusinessError 10200006 when the message cannot be serialized (a function, …).
     */
    postMessage(message: Object, transfer?: ArrayBuffer[] | PostMessageOptions): void {
      if (arguments.length === 0) throw new BusinessError(401, 'Parameter error: the message is missing');
      if (this.state === 'stopping' || this.state === 'ended') throw new BusinessError(10200004, 'The Worker instance is not running');
      const t = transferList(transfer);
      try {
        if (this.thread) { this.thread.postMessage(message, t); return; }
        // not started yet: clone now (the sender's buffers are detached now, as on the device), post later
        const c = structuredClone({ m: message, t }, { transfer: t });
        this.queued.push(c);
      } catch (e) { throw serializationError(e); }
    }

    /** Ends the worker thread: no message is delivered after this call; onexit(0) follows once the thread is gone. */
    terminate(): void {
      if (this.state === 'stopping' || this.state === 'ended') return;
      this.stop();
    }
  }

  /**
   * `ThreadWorkerGlobalScope` (@since 9) of a worker thread: messages from the host to `onmessage`
   * (an exception it throws, or a promise it returns rejects: `onerror` here and the host's
   * `onerror`; the worker keeps running); `postMessage` to the host; `close()` ends the thread (the
   * host's onexit(0)). Outside a ThreadWorker thread it is inert: handlers are never called,
   * `close()` does nothing, `postMessage` throws 10200004.
   */
  export class HostWorkerPort {
    onmessage?: (ev: MessageEvents) => void;
    onmessageerror?: (ev: MessageEvents) => void;
    onerror?: (ev: ErrorEvent) => void;
    private closed = false;
    constructor(private readonly port: MessagePort | null) {
      if (!port) return;
      port.on('message', (data: unknown) => this.dispatch(data));
      port.on('messageerror', (e: unknown) => { if (!this.closed && this.onmessageerror) this.onmessageerror(new MessageEvents(e, 'messageerror')); });
    }

    private dispatch(data: unknown): void {
      if (this.closed || !this.onmessage) return;
      try {
        const r: unknown = this.onmessage(new MessageEvents(data));
        if (r instanceof Promise) r.catch((e) => this.caught(e));
      } catch (e) { this.caught(e); }
    }

    private caught(e: unknown): void {
      const info = errorInfo(e);
      try { if (this.onerror) this.onerror(new ErrorEvent(info)); } catch { /* the host still hears of the first one */ }
      const env: Envelope = { k: 'error', e: info };
      try { this.port!.postMessage(env); } catch { this.port!.postMessage({ k: 'error', e: { ...info, error: String(e) } }); }
    }

    /**
     * Sends `messageObject` to the host thread (structured clone; listed ArrayBuffers transferred).
     * @throws BusinessError 401, 10200004 (closed, or not in a worker thread), 10200006 as ThreadWorker.postMessage.
     */
    postMessage(messageObject: Object, transfer?: ArrayBuffer[] | PostMessageOptions): void {
      if (!this.port || this.closed) throw new BusinessError(10200004, 'The Worker instance is not running');
      if (arguments.length === 0) throw new BusinessError(401, 'Parameter error: the message is missing');
      const t = transferList(transfer);
      const env: Envelope = { k: 'message', d: messageObject };
      try { this.port.postMessage(env, t); } catch (e) { throw serializationError(e); }
    }

    /** Ends this worker thread: no further onmessage; the host's onexit(0) follows. */
    close(): void {
      if (!this.port || this.closed) return;
      this.closed = true;
      this.port.postMessage({ k: 'close' });
      this.port.removeAllListeners('message');
      this.port.unref();
    }
  }

  /** The worker thread's scope (inert outside a thread started by ThreadWorker). */
  export const workerPort: HostWorkerPort = new HostWorkerPort(
    !isMainThread && parentPort && workerData && (workerData as Record<string, unknown>)[WORKER_MARK] === true ? parentPort : null);
}
