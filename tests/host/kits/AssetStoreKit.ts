/**
 * Host implementation of `@kit.AssetStoreKit` (`asset`, API reference `@ohos.security.asset`): the
 * Asset Store's semantics over a file store that is not the app's files directory.
 *
 * Layout: `<assetDir>/<bundleName>/` (mode 0700; `hostRuntime().assetDir`, HARMONYWG_ASSET_DIR, default
 * `asset` beside the files dir) holds one file per asset, `<hex of the alias>.asset` (mode 0600), a JSON
 * object of its tags (bytes as base64). The owner is the bundle, so the UI process and the `:vpn`
 * process of the app see the same assets, as on the device (owner = bundle name + app index + appId of
 * the calling token). Unlike the device nothing is encrypted here: these are test keys.
 *
 * Semantics kept: ALIAS 1..256 bytes and SECRET 1..1024 bytes (else 401), a value of the wrong type for
 * its tag (401), add of an existing alias → 24000003 DUPLICATED unless CONFLICT_RESOLUTION is OVERWRITE,
 * query/remove matching nothing → 24000002 NOT_FOUND, query returns SECRET only with
 * RETURN_TYPE ALL. Only the synchronous functions the app uses (@since 12) exist. Crash-safe: add writes a temporary file and links it into place (an existing alias
 * makes the link fail: DUPLICATED), so a killed process leaves either the whole asset or none.
 *
 * Lock-screen state (HARMONYWG_DEVICE_LOCK): `unlocked` (default), `locked` (unlocked once since boot),
 * `before_first_unlock`. Reading the SECRET of an asset whose ACCESSIBILITY the state does not allow
 * rejects with 24000005 (STATUS_MISMATCH).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BusinessError, hostRuntime } from '../runtime';

export namespace asset {
  export type Value = boolean | number | Uint8Array;
  export type AssetMap = Map<Tag, Value>;

  export enum Accessibility { DEVICE_POWERED_ON = 0, DEVICE_FIRST_UNLOCKED = 1, DEVICE_UNLOCKED = 2 }
  export enum SyncType { NEVER = 0, THIS_DEVICE = 1, TRUSTED_DEVICE = 2 }
  export enum ConflictResolution { OVERWRITE = 0, THROW_ERROR = 1 }
  export enum ReturnType { ALL = 0, ATTRIBUTES = 1 }
  export enum Tag {
    SECRET = 0x30000001,
    ALIAS = 0x30000002,
    ACCESSIBILITY = 0x20000003,
    SYNC_TYPE = 0x20000010,
    RETURN_TYPE = 0x20000040,
    CONFLICT_RESOLUTION = 0x20000044,
  }
  export enum ErrorCode {
    PERMISSION_DENIED = 201,
    INVALID_ARGUMENT = 401,
    SERVICE_UNAVAILABLE = 24000001,
    NOT_FOUND = 24000002,
    DUPLICATED = 24000003,
    ACCESS_DENIED = 24000004,
    STATUS_MISMATCH = 24000005,
  }

  /** Tags that steer an operation and are not stored. */
  const CONTROL_TAGS = new Set<number>([Tag.RETURN_TYPE, Tag.CONFLICT_RESOLUTION]);
  const KNOWN_TAGS = new Set<number>(Object.values(Tag).filter((v) => typeof v === 'number') as number[]);

  function invalid(what: string): BusinessError {
    return new BusinessError(ErrorCode.INVALID_ARGUMENT, `Parameter error: ${what}`);
  }

  function fileError(e: any): BusinessError {
    return e instanceof BusinessError ? e : new BusinessError(24000014, `File operation failed: ${e && e.code ? e.code : 'error'}`);
  }

  /** Checks the map's shape (the service's argument check): known tags, value types, lengths. */
  function check(map: AssetMap, op: string): void {
    if (!(map instanceof Map)) throw invalid(`${op}: the attributes must be a Map`);
    for (const [tag, value] of map) {
      if (!KNOWN_TAGS.has(tag)) throw invalid(`${op}: unsupported tag 0x${Number(tag).toString(16)}`);
      const type = (tag >>> 28) & 0xf;
      if (type === 1 && typeof value !== 'boolean') throw invalid(`${op}: tag 0x${tag.toString(16)} takes a boolean`);
      if (type === 2 && (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff)) throw invalid(`${op}: tag 0x${tag.toString(16)} takes a uint32`);
      if (type === 3 && !(value instanceof Uint8Array)) throw invalid(`${op}: tag 0x${tag.toString(16)} takes a Uint8Array`);
    }
    const alias = map.get(Tag.ALIAS);
    if (alias instanceof Uint8Array && (alias.length < 1 || alias.length > 256)) throw invalid(`${op}: ALIAS must be 1..256 bytes`);
    const secret = map.get(Tag.SECRET);
    if (secret instanceof Uint8Array && (secret.length < 1 || secret.length > 1024)) throw invalid(`${op}: SECRET must be 1..1024 bytes`);
    const acc = map.get(Tag.ACCESSIBILITY);
    if (acc !== undefined && (acc as number) > Accessibility.DEVICE_UNLOCKED) throw invalid(`${op}: ACCESSIBILITY out of range`);
  }

  /** The owner's directory (created 0700). */
  function ownerDir(): string {
    const rt = hostRuntime();
    const d = path.join(rt.assetDir, rt.bundleName);
    try {
      fs.mkdirSync(d, { recursive: true, mode: 0o700 });
      fs.chmodSync(rt.assetDir, 0o700);
      fs.chmodSync(d, 0o700);
    } catch (e) { throw fileError(e); }
    return d;
  }

  interface Stored { [tag: string]: string | number | boolean }

  function encode(map: AssetMap): string {
    const o: Stored = {};
    for (const [tag, value] of map) {
      if (CONTROL_TAGS.has(tag)) continue;
      o[String(tag)] = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    }
    return JSON.stringify(o);
  }

  function decode(text: string): AssetMap {
    const o = JSON.parse(text) as Stored;
    const m: AssetMap = new Map();
    for (const k of Object.keys(o)) {
      const tag = Number(k) as Tag;
      const v = o[k];
      m.set(tag, ((tag >>> 28) & 0xf) === 3 ? new Uint8Array(Buffer.from(String(v), 'base64')) : v);
    }
    return m;
  }

  function fileOf(dir: string, alias: Uint8Array): string {
    return path.join(dir, Buffer.from(alias).toString('hex') + '.asset');
  }

  /** Writes `text` to a fresh temporary file (0600, fsynced) and returns its path. */
  function writeTemp(dir: string, text: string): string {
    const tmp = path.join(dir, `.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try { fs.writeSync(fd, text); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    return tmp;
  }

  function all(dir: string): { file: string; map: AssetMap }[] {
    const out: { file: string; map: AssetMap }[] = [];
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.asset')) continue;
      const file = path.join(dir, name);
      try { out.push({ file, map: decode(fs.readFileSync(file, 'utf8')) }); } catch (e: any) {
        if (e && e.code === 'ENOENT') continue; // removed meanwhile by the other process
        throw new BusinessError(24000007, 'Data corrupted');
      }
    }
    return out;
  }

  function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
  }

  /** The stored assets whose attributes equal every non-control tag of `query`. */
  function matching(dir: string, query: AssetMap): { file: string; map: AssetMap }[] {
    const alias = query.get(Tag.ALIAS);
    const candidates = alias instanceof Uint8Array
      ? (fs.existsSync(fileOf(dir, alias)) ? all(dir).filter((a) => a.file === fileOf(dir, alias)) : [])
      : all(dir);
    return candidates.filter((a) => {
      for (const [tag, value] of query) {
        if (CONTROL_TAGS.has(tag)) continue;
        const have = a.map.get(tag);
        if (have === undefined) return false;
        if (value instanceof Uint8Array ? !(have instanceof Uint8Array && sameBytes(have, value)) : have !== value) return false;
      }
      return true;
    });
  }

  /** Whether the emulated lock-screen state lets a secret of accessibility `acc` be read. */
  function readable(acc: number): boolean {
    const state = process.env.HARMONYWG_DEVICE_LOCK ?? 'unlocked';
    if (state === 'before_first_unlock') return acc === Accessibility.DEVICE_POWERED_ON;
    if (state === 'locked') return acc !== Accessibility.DEVICE_UNLOCKED;
    return true;
  }

  export function addSync(attributes: AssetMap): void {
    check(attributes, 'add');
    const alias = attributes.get(Tag.ALIAS);
    if (!(alias instanceof Uint8Array)) throw invalid('add: ALIAS is required');
    if (!(attributes.get(Tag.SECRET) instanceof Uint8Array)) throw invalid('add: SECRET is required');
    const stored: AssetMap = new Map(attributes);
    if (!stored.has(Tag.ACCESSIBILITY)) stored.set(Tag.ACCESSIBILITY, Accessibility.DEVICE_FIRST_UNLOCKED);
    if (!stored.has(Tag.SYNC_TYPE)) stored.set(Tag.SYNC_TYPE, SyncType.NEVER);
    const dir = ownerDir();
    const target = fileOf(dir, alias);
    let tmp = '';
    try {
      tmp = writeTemp(dir, encode(stored));
      if (attributes.get(Tag.CONFLICT_RESOLUTION) === ConflictResolution.OVERWRITE) {
        fs.renameSync(tmp, target);
        tmp = '';
      } else {
        try { fs.linkSync(tmp, target); } catch (e: any) {
          if (e && e.code === 'EEXIST') throw new BusinessError(ErrorCode.DUPLICATED, 'The Asset already exists');
          throw e;
        }
      }
      const dfd = fs.openSync(dir, 'r');
      try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
    } catch (e) {
      throw fileError(e);
    } finally {
      if (tmp !== '') { try { fs.unlinkSync(tmp); } catch { /* already gone */ } }
    }
  }

  export function querySync(query: AssetMap): AssetMap[] {
    check(query, 'query');
    if (query.has(Tag.SECRET)) throw invalid('query: SECRET is not a query attribute');
    const dir = ownerDir();
    let found: { file: string; map: AssetMap }[];
    try { found = matching(dir, query); } catch (e) { throw fileError(e); }
    if (found.length === 0) throw new BusinessError(ErrorCode.NOT_FOUND, 'The Asset is not found');
    const withSecret = query.get(Tag.RETURN_TYPE) === ReturnType.ALL;
    return found.map((a) => {
      const m: AssetMap = new Map(a.map);
      if (withSecret) {
        if (!readable(Number(a.map.get(Tag.ACCESSIBILITY)))) {
          throw new BusinessError(ErrorCode.STATUS_MISMATCH, 'The screen lock status does not match');
        }
      } else {
        m.delete(Tag.SECRET);
      }
      return m;
    });
  }

  export function removeSync(query: AssetMap): void {
    check(query, 'remove');
    const dir = ownerDir();
    let found: { file: string; map: AssetMap }[];
    try { found = matching(dir, query); } catch (e) { throw fileError(e); }
    if (found.length === 0) throw new BusinessError(ErrorCode.NOT_FOUND, 'The Asset is not found');
    for (const a of found) {
      try { fs.unlinkSync(a.file); } catch (e: any) { if (!(e && e.code === 'ENOENT')) throw fileError(e); }
    }
  }
}
