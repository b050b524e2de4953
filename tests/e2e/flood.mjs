/**
 * Hostile traffic at the phone's WireGuard port (issue 12 item 3), run in the server namespace:
 *   node tests/e2e/flood.mjs HOST PORT PUBKEY_B64 INITIATIONS RANDOM SECONDS SOURCE_PORT
 * Sends, paced evenly over SECONDS from UDP SOURCE_PORT:
 *  - INITIATIONS handshake initiations (type 1, 148 bytes, random content — no key we hold): every
 *    other one with a mac1 computed for PUBKEY (the phone's public key: it passes the mac1 check and
 *    reaches the under-load rule), the rest with a mac1 for a random key (BAD_MAC1);
 *  - RANDOM random datagrams: half entirely random (1..300 bytes), a quarter transport-typed with a
 *    random receiver index, a quarter handshake-typed with a wrong size.
 * Counts the cookie replies (type 3, 64 bytes) that come back. Prints one JSON line
 * {"sent","sendErrors","initiations","random","cookieReplies","ms"} and exits.
 * mac1 = MAC(HASH("mac1----" ‖ public key), message[0..116]) with MAC keyed BLAKE2s-128 and HASH
 * BLAKE2s-256 (WireGuard paper §5.4.4).
 */
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import { blake2s } from '@noble/hashes/blake2.js';

const [host, portText, pubB64, initText, randText, secText, srcText] = process.argv.slice(2);
const port = Number(portText);
const initiations = Number(initText);
const random = Number(randText);
const seconds = Number(secText);

function mac1Key(pub) {
  return blake2s(Buffer.concat([Buffer.from('mac1----', 'ascii'), pub]));
}
const ourKey = mac1Key(Buffer.from(pubB64, 'base64'));
const wrongKey = mac1Key(crypto.randomBytes(32));

function initiation(key) {
  const m = crypto.randomBytes(148);
  m[0] = 1; m[1] = 0; m[2] = 0; m[3] = 0;
  m.set(blake2s(m.subarray(0, 116), { key, dkLen: 16 }), 116);
  m.fill(0, 132);
  return m;
}

function garbage(i) {
  const kind = i % 4;
  if (kind === 0 || kind === 1) {
    const m = crypto.randomBytes(1 + crypto.randomInt(300));
    if (m.length >= 4 && m[0] >= 1 && m[0] <= 4) m[1] = 0xff; // never a well-formed header by chance
    return m;
  }
  if (kind === 2) {
    const m = crypto.randomBytes(32 + crypto.randomInt(200));
    m[0] = 4; m[1] = 0; m[2] = 0; m[3] = 0;
    return m;
  }
  const type = 1 + crypto.randomInt(3);
  const sizes = { 1: 148, 2: 92, 3: 64 };
  let n = 4 + crypto.randomInt(200);
  if (n === sizes[type]) n++;
  const m = crypto.randomBytes(n);
  m[0] = type; m[1] = 0; m[2] = 0; m[3] = 0;
  return m;
}

const sock = dgram.createSocket('udp4');
let cookieReplies = 0;
sock.on('message', (msg) => { if (msg.length === 64 && msg[0] === 3) cookieReplies++; });
await new Promise((resolve) => sock.bind(Number(srcText), resolve));

const total = initiations + random;
let made = 0;
let sent = 0;
let sendErrors = 0;
let ini = 0;
let rnd = 0;
const t0 = performance.now();
const sliceMs = 10;
const perSlice = Math.ceil(total / (seconds * 1000 / sliceMs));
await new Promise((resolve) => {
  const step = () => {
    const due = Math.min(total, Math.ceil((performance.now() - t0) / sliceMs) * perSlice);
    while (made < due) {
      // Interleaved in proportion: initiation when it is behind its share.
      const useInit = ini < initiations && (rnd >= random || ini * total <= made * initiations);
      const m = useInit ? initiation(ini % 2 === 0 ? ourKey : wrongKey) : garbage(rnd);
      if (useInit) ini++; else rnd++;
      made++;
      sock.send(m, port, host, (err) => { if (err) sendErrors++; else sent++; });
    }
    if (made >= total) resolve(); else setTimeout(step, sliceMs);
  };
  step();
});
// Let the last sends complete and the last cookie replies arrive.
await new Promise((r) => setTimeout(r, 1000));
sock.close();
process.stdout.write(JSON.stringify({ sent, sendErrors, initiations: ini, random: rnd, cookieReplies, ms: performance.now() - t0 }) + '\n');
