/**
 * Tunnel (entry/src/main/ets/tunnel/Tunnel.ets) on the NATIVE_WAIT path with a fake PacketReader in
 * place of libharmonywg_io: the reader delivers batches and the tunnel never polls; tun packets go
 * out through one writeBatch per flush; stop() stops the reader and later deliveries do nothing; a
 * read failure from the reader ends the data plane with onTunError. The peer is a real engine
 * (entry/src/test/helpers/EngineHarness), so handshakes and transport packets are the real thing.
 */
import { describe, it, expect } from '@ohos/hypium';
import { DataPath, PollPolicy, Tunnel, TunnelListener } from '../../entry/src/main/ets/tunnel/Tunnel';
import { PacketDevice, PacketReader, PacketSink } from '../../entry/src/main/ets/tunnel/TunDevice';
import { DatagramSink, DatagramTransport } from '../../entry/src/main/ets/tunnel/UdpTransport';
import { Clock } from '../../entry/src/main/ets/tunnel/Clock';
import { EngineEvent, UdpEndpoint } from '../../entry/src/main/ets/core/wireguard/Engine';
import { Node, ipv4Packet, testKey } from '../../entry/src/test/helpers/EngineHarness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class FakeReader implements PacketReader {
  sink: PacketSink | null = null;
  starts = 0;
  stops = 0;
  batches: Uint8Array[][] = [];
  startReading(sink: PacketSink): void { this.sink = sink; this.starts++; }
  stopReading(): void { this.stops++; }
  writeBatch(packets: Uint8Array[], count: number): void { this.batches.push(packets.slice(0, count).map((p) => new Uint8Array(p))); }
  deliver(packets: Uint8Array[]): void { for (const p of packets) this.sink!.onTunPacket(p); this.sink!.onTunBatchEnd(); }
}

class FakeTun implements PacketDevice {
  reads = 0;
  writes = 0;
  writeDrops = 0;
  read(_buffer: ArrayBuffer): number { this.reads++; return 0; }
  write(_packet: Uint8Array): void { this.writes++; }
  isDead(_error: Error): boolean { return false; }
  close(): void { /* nothing */ }
}

class FakeUdp implements DatagramTransport {
  sent: Uint8Array[] = [];
  handler: DatagramSink | null = null;
  send(data: Uint8Array, _to: UdpEndpoint): void { this.sent.push(new Uint8Array(data)); }
  setHandler(h: DatagramSink | null): void { this.handler = h; }
  flushSends(): void { /* sends at once */ }
}

class FixedClock implements Clock {
  now = 1_000_000;
  nowMs(): number { return this.now; }
  wallMs(): number { return 1_700_000_000_000 + this.now; }
}

class Listener implements TunnelListener {
  events: EngineEvent[] = [];
  errors: Error[] = [];
  traffic = 0;
  onEngineEvent(e: EngineEvent): void { this.events.push(e); }
  onTunError(e: Error): void { this.errors.push(e); }
  onTraffic(): void { this.traffic++; }
}

const PHONE = new UdpEndpoint('192.0.2.2', 40000, 4);
const SERVER = new UdpEndpoint('192.0.2.1', 51820, 4);

function setUp(): { tunnel: Tunnel; reader: FakeReader; tun: FakeTun; udp: FakeUdp; listener: Listener; clock: FixedClock; server: Node } {
  const phone = new Node(testKey(1), PHONE, 11);
  const server = new Node(testKey(2), SERVER, 22);
  phone.addPeer(server, ['10.9.0.0/24'], true, null);
  server.addPeer(phone, ['10.8.0.2/32'], false, null);
  const reader = new FakeReader();
  const tun = new FakeTun();
  const udp = new FakeUdp();
  const listener = new Listener();
  const clock = new FixedClock();
  const tunnel = new Tunnel(phone.engine, tun, udp, clock, listener, new PollPolicy(), reader, null);
  return { tunnel, reader, tun, udp, listener, clock, server };
}

/** Hands `data` from the server to the tunnel's UDP handler, as a batch of one. */
function fromServer(udp: FakeUdp, data: Uint8Array): void { fromServerBatch(udp, [data]); }

/** Hands `datagrams` from the server to the tunnel's UDP handler as one batch (copies: the engine decrypts in place). */
function fromServerBatch(udp: FakeUdp, datagrams: Uint8Array[]): void {
  for (const d of datagrams) udp.handler!.onDatagram(new Uint8Array(d), SERVER);
  udp.handler!.onDatagramBatchEnd();
}

export default function tunnelNativePathTest(): void {
  describe('Tunnel on the native path', () => {
    it('waits for the reader instead of polling; a batch starts the handshake; replies go out in one writeBatch', 0, async () => {
      const { tunnel, reader, tun, udp, listener, clock, server } = setUp();
      tunnel.start();
      expect(tunnel.dataPath()).assertEqual(DataPath.NATIVE_WAIT);
      expect(reader.starts).assertEqual(1);
      await sleep(30); // the poll loop would have read the tun several times by now
      expect(tun.reads).assertEqual(0);

      // start() initiated the handshake (the peer has an endpoint); a batch meanwhile is queued.
      expect(udp.sent.length).assertEqual(1);
      expect(udp.sent[0][0]).assertEqual(1); // handshake initiation
      reader.deliver([ipv4Packet('10.8.0.2', '10.9.0.1', 100, 1), ipv4Packet('10.8.0.2', '10.9.0.1', 200, 2)]);
      expect(udp.sent.length).assertEqual(1);
      expect(listener.traffic > 0).assertTrue();

      server.engine.receiveDatagram(udp.sent[0], PHONE, clock.now, server.out);
      const response = server.collect();
      expect(response.length).assertEqual(1);
      fromServer(udp, response[0].data);
      // Handshake complete: the two queued packets leave as transport messages.
      const transport = udp.sent.slice(1);
      expect(transport.length).assertEqual(2);
      expect(transport.every((d) => d[0] === 4)).assertTrue();
      for (const t of transport) server.engine.receiveDatagram(t, PHONE, clock.now, server.out);
      server.collect();
      expect(server.tun.map((p) => p.length).join(',')).assertEqual('120,220');

      // Three packets from the server, one datagram each, delivered as batches of one: one writeBatch each.
      for (let i = 0; i < 3; i++) server.engine.sendPacket(ipv4Packet('10.9.0.1', '10.8.0.2', 50 + i, 3), clock.now, server.out);
      const data = server.collect();
      for (const d of data) fromServer(udp, d.data);
      const written = reader.batches.flat();
      expect(written.length).assertEqual(3);
      expect(written.map((p) => p.length).join(',')).assertEqual('70,71,72');
      expect(reader.batches.length).assertEqual(3);
      expect(tun.writes).assertEqual(0);
      tunnel.stop();
    });

    it('a batch of received datagrams is written to the tun in one writeBatch, with one onTraffic (it was one flush per datagram)', 0, () => {
      const { tunnel, reader, udp, listener, clock, server } = setUp();
      tunnel.start();
      server.engine.receiveDatagram(new Uint8Array(udp.sent[0]), PHONE, clock.now, server.out);
      fromServer(udp, server.collect()[0].data);
      // The phone's keepalive confirms the session for the server.
      for (const d of udp.sent.slice(1)) server.engine.receiveDatagram(new Uint8Array(d), PHONE, clock.now, server.out);
      server.collect();
      const batches = reader.batches.length;
      const traffic = listener.traffic;
      for (let i = 0; i < 5; i++) server.engine.sendPacket(ipv4Packet('10.9.0.1', '10.8.0.2', 60 + i, 5), clock.now, server.out);
      const data = server.collect();
      expect(data.length).assertEqual(5);
      fromServerBatch(udp, data.map((d) => d.data));
      expect(reader.batches.length - batches).assertEqual(1);
      expect(reader.batches[reader.batches.length - 1].map((p) => p.length).join(',')).assertEqual('80,81,82,83,84');
      expect(listener.traffic - traffic).assertEqual(1);
      tunnel.stop();
    });

    it('tun packets opened in place are views into the received datagrams and written before the batch ends', 0, () => {
      const { tunnel, reader, udp, clock, server } = setUp();
      tunnel.start();
      server.engine.receiveDatagram(new Uint8Array(udp.sent[0]), PHONE, clock.now, server.out);
      fromServer(udp, server.collect()[0].data);
      for (const d of udp.sent.slice(1)) server.engine.receiveDatagram(new Uint8Array(d), PHONE, clock.now, server.out);
      server.collect();
      const views: Uint8Array[] = [];
      reader.writeBatch = (packets: Uint8Array[], count: number): void => {
        for (let i = 0; i < count; i++) views.push(packets[i]);
        reader.batches.push(packets.slice(0, count).map((p) => new Uint8Array(p)));
      };
      const sent = ipv4Packet('10.9.0.1', '10.8.0.2', 100, 9);
      server.engine.sendPacket(sent, clock.now, server.out);
      const datagram = new Uint8Array(server.collect()[0].data);
      udp.handler!.onDatagram(datagram, SERVER);
      udp.handler!.onDatagramBatchEnd();
      expect(views.length).assertEqual(1);
      // The packet written is the datagram's own bytes after the 16-byte header, decrypted there.
      expect(views[0].buffer === datagram.buffer).assertTrue();
      expect(views[0].byteOffset).assertEqual(datagram.byteOffset + 16);
      expect(Array.from(reader.batches[reader.batches.length - 1][0]).join(',')).assertEqual(Array.from(sent).join(','));
      tunnel.stop();
    });

    it('stop() stops the reader; deliveries after it do nothing', 0, () => {
      const { tunnel, reader, udp } = setUp();
      tunnel.start();
      tunnel.stop();
      expect(reader.stops).assertEqual(1);
      expect(tunnel.isRunning()).assertFalse();
      const sent = udp.sent.length; // the initiation start() sent
      reader.deliver([ipv4Packet('10.8.0.2', '10.9.0.1', 100, 1)]);
      expect(udp.sent.length).assertEqual(sent);
      expect(reader.batches.length).assertEqual(0);
    });

    it('a reader that cannot start throws from start(): nothing runs or was sent, so the session can fall back', 0, () => {
      const { tunnel, reader, udp } = setUp();
      reader.startReading = (_sink: PacketSink): void => { throw new Error('pthread_create: Resource temporarily unavailable'); };
      let threw = false;
      try { tunnel.start(); } catch { threw = true; }
      expect(threw).assertTrue();
      expect(tunnel.isRunning()).assertFalse();
      expect(udp.sent.length).assertEqual(0);
      expect(udp.handler === null).assertTrue();
    });

    it('a read failure from the reader ends the data plane with onTunError', 0, () => {
      const { tunnel, reader, listener } = setUp();
      tunnel.start();
      reader.sink!.onTunReadFailed(new Error('tun read failed: errno 5'));
      expect(listener.errors.length).assertEqual(1);
      expect(tunnel.isRunning()).assertFalse();
      expect(reader.stops >= 1).assertTrue();
      reader.sink!.onTunReadFailed(new Error('again'));
      expect(listener.errors.length).assertEqual(1);
    });
  });
}
