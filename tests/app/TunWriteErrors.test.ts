/**
 * Issue 14 item 6, "one failed tun write kills the tunnel": the data plane (Tunnel) counts a failed
 * write of one decrypted packet and carries on, as wireguard-go does (it logs "Failed to write
 * packets to TUN device" and continues); it stops only when the fd is dead (EBADF, …) or after
 * MAX_CONSECUTIVE_TUN_WRITE_ERRORS failures in a row. The engine is a stand-in that turns every
 * datagram into one packet for the tun, so only the Tunnel's handling of the device is under test;
 * TunDevice's own judgement of an error is checked on real file descriptors (host fileIo).
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_CONSECUTIVE_TUN_WRITE_ERRORS, PollPolicy, Tunnel, TunnelListener } from '../../entry/src/main/ets/tunnel/Tunnel';
import { PacketDevice, TunDevice } from '../../entry/src/main/ets/tunnel/TunDevice';
import { DatagramSink, DatagramTransport } from '../../entry/src/main/ets/tunnel/UdpTransport';
import { Clock } from '../../entry/src/main/ets/tunnel/Clock';
import { UdpEndpoint } from '../../entry/src/main/ets/core/wireguard/Engine';
import { BusinessError } from '../host/runtime';

/** fileIo codes (file API error reference): EINVAL, EIO, EBADF. */
const EINVAL = 13900020;
const EIO = 13900005;
const EBADF = 13900008;

/** Turns each received datagram into one packet for the tun; never sends, never times. */
class PacketPerDatagramEngine {
  start(): void {}
  tick(): void {}
  sendPacket(): void {}
  nextDeadline(): number { return Number.POSITIVE_INFINITY; }
  receiveDatagram(data: Uint8Array, _from: UdpEndpoint, _now: number, out: { tunPackets: Uint8Array[] }): void {
    out.tunPackets.push(data.slice());
  }
}

/** A tun whose writes fail with the codes queued in `failWith` (0: the write succeeds). */
class ScriptedTun implements PacketDevice {
  failWith: number[] = [];
  written = 0;
  read(): number { return 0; }
  write(): void {
    const code = this.failWith.length > 0 ? this.failWith.shift()! : 0;
    if (code !== 0) throw new BusinessError(code, `write failed (${code})`);
    this.written++;
  }
  isDead(error: Error): boolean { return (error as BusinessError).code === EBADF; }
  close(): void {}
}

class Net implements DatagramTransport {
  handler: DatagramSink | null = null;
  send(): void {}
  flushSends(): void {}
  setHandler(h: DatagramSink | null): void { this.handler = h; }
  /** `n` datagrams, each a batch of one (as the @ohos.net.socket transport delivers them). */
  deliver(n: number): void {
    for (let i = 0; i < n; i++) {
      const h = this.handler;
      if (h === null) return; // the tunnel stopped: a transport drops what arrives
      h.onDatagram(new Uint8Array([0x45, i & 255]), new UdpEndpoint('198.18.0.2', 51820, 4));
      h.onDatagramBatchEnd();
    }
  }
}

class FixedClock implements Clock {
  nowMs(): number { return 1000; }
  wallMs(): number { return 1_700_000_000_000; }
}

class Listener implements TunnelListener {
  tunErrors: Error[] = [];
  onEngineEvent(): void {}
  onTunError(error: Error): void { this.tunErrors.push(error); }
  onTraffic(): void {}
}

function setup(): { tunnel: Tunnel; tun: ScriptedTun; net: Net; listener: Listener } {
  const tun = new ScriptedTun();
  const net = new Net();
  const listener = new Listener();
  const tunnel = new Tunnel(new PacketPerDatagramEngine() as any, tun, net, new FixedClock(), listener, new PollPolicy(), null, null);
  tunnel.start();
  return { tunnel, tun, net, listener };
}

export default function tunWriteErrorsTest(): void {
  describe('TunWriteErrors', () => {
    it('one failed tun write kills the tunnel: a failed write is counted and the next packets are written', 0, () => {
      const { tunnel, tun, net, listener } = setup();
      tun.failWith = [EINVAL];
      net.deliver(3);
      expect(tunnel.isRunning()).assertTrue();
      expect(listener.tunErrors.length).assertEqual(0);
      expect(tun.written).assertEqual(2);
      expect(tunnel.tunWriteErrors).assertEqual(1);
      tunnel.stop();
    });

    it('one failed tun write kills the tunnel: failures with successes between them never stop it', 0, () => {
      const { tunnel, tun, net, listener } = setup();
      for (let i = 0; i < 3 * MAX_CONSECUTIVE_TUN_WRITE_ERRORS; i++) tun.failWith.push(i % 2 === 0 ? EIO : 0);
      net.deliver(3 * MAX_CONSECUTIVE_TUN_WRITE_ERRORS);
      expect(tunnel.isRunning()).assertTrue();
      expect(listener.tunErrors.length).assertEqual(0);
      expect(tunnel.tunWriteErrors).assertEqual(Math.ceil(3 * MAX_CONSECUTIVE_TUN_WRITE_ERRORS / 2));
      tunnel.stop();
    });

    it(`stops after ${MAX_CONSECUTIVE_TUN_WRITE_ERRORS} failed tun writes in a row, not before`, 0, () => {
      const { tunnel, tun, net, listener } = setup();
      for (let i = 0; i < MAX_CONSECUTIVE_TUN_WRITE_ERRORS; i++) tun.failWith.push(EIO);
      net.deliver(MAX_CONSECUTIVE_TUN_WRITE_ERRORS - 1);
      expect(tunnel.isRunning()).assertTrue();
      net.deliver(1);
      expect(tunnel.isRunning()).assertFalse();
      expect(listener.tunErrors.length).assertEqual(1);
      expect((listener.tunErrors[0] as BusinessError).code).assertEqual(EIO);
    });

    it('stops at the first write on a dead fd (EBADF)', 0, () => {
      const { tunnel, tun, net, listener } = setup();
      tun.failWith = [EBADF];
      net.deliver(2);
      expect(tunnel.isRunning()).assertFalse();
      expect(listener.tunErrors.length).assertEqual(1);
      expect(tun.written).assertEqual(0);
    });

    it('TunDevice: an fd that is not open is dead (EBADF); a write the device refuses (ENOSPC on /dev/full) is not', 0, () => {
      const full = fs.openSync('/dev/full', 'w');
      const dev = new TunDevice(full);
      let refused: Error | null = null;
      try { dev.write(new Uint8Array([0x45, 0, 0, 20])); } catch (e) { refused = e as Error; }
      fs.closeSync(full);
      expect(refused !== null).assertTrue();
      expect((refused as BusinessError).code).assertEqual(13900025);
      expect(dev.isDead(refused!)).assertFalse();
      // A number no open file has (far above the fd limit of a test process).
      const closed = new TunDevice(1 << 30);
      let dead: Error | null = null;
      try { closed.write(new Uint8Array([0x45, 0, 0, 20])); } catch (e) { dead = e as Error; }
      expect(dead !== null).assertTrue();
      expect((dead as BusinessError).code).assertEqual(EBADF);
      expect(closed.isDead(dead!)).assertTrue();
    });

    it('TunDevice writes exactly the bytes of a view (a tun packet opened in place: byteOffset 16, shorter than its buffer)', 0, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-tunview-'));
      const file = path.join(dir, 'tun');
      const fd = fs.openSync(file, 'w');
      const dev = new TunDevice(fd);
      // A received datagram: 16-byte header, the decrypted packet, padding and the 16-byte tag after it.
      const datagram = new Uint8Array(16 + 48 + 16).fill(0xee);
      for (let i = 0; i < 44; i++) datagram[16 + i] = i + 1;
      const views = [datagram.subarray(16, 16 + 44), new Uint8Array([9, 8, 7]), datagram.subarray(0, 7), datagram.subarray(16, 16 + 5)];
      for (const v of views) dev.write(v);
      fs.closeSync(fd);
      const written = fs.readFileSync(file);
      fs.rmSync(dir, { recursive: true, force: true });
      const expected = Buffer.concat(views.map((v) => Buffer.from(v)));
      expect(written.toString('hex')).assertEqual(expected.toString('hex'));
      expect(dev.writeDrops).assertEqual(0);
    });
  });
}
