/**
 * Shared by the screens' view-model suites (TunnelList, TunnelDetails, TunnelEditor, AppRules):
 * the app's real English strings, a fake VpnControl, an in-memory SecretStore (so a suite can assert
 * which keys the keystore holds), a real files directory (host fileIo) and a seeded RandomSource.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlwaysOnAvailability, MainViewModel, TextSource, VpnControl, VpnControlError } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { SecretStore, SecretStoreError } from '../../entry/src/main/ets/store/SecretStore';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { TunnelStore } from '../../entry/src/main/ets/store/TunnelStore';
import { PeerStatus, TunnelState, TunnelStatus } from '../../entry/src/main/ets/model/TunnelStatus';
import { RandomSource } from '../../entry/src/main/ets/core/crypto/RandomSource';
import { declareSecret } from '../tools/secret-scan.mjs';

/** Wall time at which the fake device booted: the boot clock reads `now - BOOT_WALL_MS`. */
export const BOOT_WALL_MS = 1_699_999_000_000;

import { EnglishTexts } from './texts-fixture';
export { EnglishTexts };

export class FakeControl implements VpnControl {
  startError: VpnControlError | null = null;
  starts: Array<[string, string]> = [];
  stops = 0;
  async start(tunnelName: string, requestId: string): Promise<void> {
    this.starts.push([tunnelName, requestId]);
    if (this.startError !== null) throw this.startError;
  }
  async stop(): Promise<void> { this.stops++; }
  async alwaysOnAvailability(): Promise<AlwaysOnAvailability> { return AlwaysOnAvailability.NOT_PROVIDED; }
  async isAlwaysOn(): Promise<boolean> { return false; }
  async setAlwaysOn(): Promise<void> {}
}

/** The keystore in memory; `failWith` makes every call throw that code. */
export class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  failWith = 0;
  add(alias: string, secret: string): void {
    if (this.failWith !== 0) throw new SecretStoreError('add', this.failWith);
    if (this.map.has(alias)) throw new SecretStoreError('add', 24000003);
    this.map.set(alias, secret);
  }
  get(alias: string): string | null {
    if (this.failWith !== 0) throw new SecretStoreError('query', this.failWith);
    return this.map.has(alias) ? this.map.get(alias)! : null;
  }
  remove(alias: string): boolean {
    if (this.failWith !== 0) throw new SecretStoreError('remove', this.failWith);
    return this.map.delete(alias);
  }
  values(): string[] { return [...this.map.values()].sort(); }
}

/** A deterministic RandomSource (xorshift32); every key it makes is declared to the secret scan. */
export class SeededRandom implements RandomSource {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 1; }
  fill(out: Uint8Array): void {
    for (let i = 0; i < out.length; i++) {
      this.s ^= this.s << 13; this.s >>>= 0;
      this.s ^= this.s >>> 17;
      this.s ^= this.s << 5; this.s >>>= 0;
      out[i] = this.s & 0xff;
    }
    if (out.length === 32) declareSecret(Buffer.from(out).toString('base64'));
  }
}

export const PRIVATE_HOME = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
export const PRIVATE_WORK = 'aO8/ZnV1ztyPK1D+b8sBVJ0pRq1fy0dSDPXHXs3XM0o=';
export const PSK_WORK = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';
export const PEER_PUBLIC = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
export const PEER_PUBLIC_2 = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';
/** Every key the suites use (the run's secret scan reads this list). */
export const SECRETS_USED = [PRIVATE_HOME, PRIVATE_WORK, PSK_WORK];

export const TEXT_HOME = '[Interface]\nPrivateKey = ' + PRIVATE_HOME + '\nAddress = 10.0.0.2/32\nDNS = 10.0.0.1\n\n' +
  '[Peer]\nPublicKey = ' + PEER_PUBLIC + '\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n';
export const TEXT_WORK = '[Interface]\nPrivateKey = ' + PRIVATE_WORK + '\nAddress = 10.8.0.2/24, fd00::2/64\nMTU = 1420\n' +
  'ListenPort = 51000\nPostUp = iptables -A FORWARD\n\n[Peer]\nPublicKey = ' + PEER_PUBLIC + '\nPresharedKey = ' + PSK_WORK +
  '\nAllowedIPs = 10.8.0.0/24\nEndpoint = 198.51.100.7:51820\nPersistentKeepalive = 25\n\n[Peer]\nPublicKey = ' +
  PEER_PUBLIC_2 + '\nAllowedIPs = 10.9.0.0/24\n';

export class Screens {
  readonly base = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-screens-'));
  readonly dir = path.join(this.base, 'files');
  readonly control = new FakeControl();
  readonly secrets = new MemorySecrets();
  readonly texts = new EnglishTexts();
  now = 1_700_000_000_000;
  readonly main: MainViewModel;
  readonly store: TunnelStore;
  constructor(tunnels: Array<[string, string]> = []) {
    fs.mkdirSync(this.dir);
    this.main = new MainViewModel(this.dir, this.control, this.texts, () => this.now, null, () => this.now - BOOT_WALL_MS,
      this.secrets);
    this.store = new TunnelStore(this.dir, this.secrets);
    for (const [name, text] of tunnels) this.store.save(name, text);
  }
  /** The files in the tunnels folder, sorted. */
  tunnelFiles(): string[] {
    const d = path.join(this.dir, 'tunnels');
    return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
  }
  fileText(name: string): string { return fs.readFileSync(path.join(this.dir, 'tunnels', name + '.conf'), 'utf8'); }
  /** What the VPN process would publish for request `requestId` of tunnel `name`. */
  publishStatus(state: TunnelState, name: string, requestId: string, patch: (s: TunnelStatus) => void = () => {}): void {
    const s = new TunnelStatus();
    s.state = state;
    s.requestId = requestId;
    s.tunnelName = name;
    s.updatedMs = this.now;
    s.uptimeMs = this.now - BOOT_WALL_MS;
    patch(s);
    new StatusFile(this.dir).write(s);
  }
  /** The latest start request's id. */
  lastRequest(): string { return this.control.starts[this.control.starts.length - 1][1]; }
  done(): void { fs.rmSync(this.base, { recursive: true, force: true }); }
}

export function peerStatus(publicKey: string, endpoint: string, handshakeMs: number, rx: number, tx: number): PeerStatus {
  const p = new PeerStatus();
  p.publicKey = publicKey;
  p.endpoint = endpoint;
  p.latestHandshakeMs = handshakeMs;
  p.rxBytes = rx;
  p.txBytes = tx;
  return p;
}
