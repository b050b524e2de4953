/** Small IP address helpers for the host runtime: text ↔ bytes, masking, network/broadcast checks. */
import net from 'node:net';

/** 4 or 16 bytes in network order, or null when `text` is not an IPv4/IPv6 address. */
export function parseIp(text: string): Uint8Array | null {
  if (typeof text !== 'string') return null;
  if (net.isIPv4(text)) return Uint8Array.from(text.split('.').map((x) => Number(x)));
  if (!net.isIPv6(text)) return null;
  let t = text;
  const out = new Uint8Array(16);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  let tail: number[] = [];
  if (v4) {
    const b = v4[1].split('.').map((x) => Number(x));
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    t = t.slice(0, -v4[1].length) + (t.endsWith('::' + v4[1]) ? '' : '0');
    if (t.endsWith(':0') && !text.endsWith('::' + v4[1])) t = t.slice(0, -2);
  }
  const halves = t.split('::');
  const head = halves[0] ? halves[0].split(':').filter((x) => x !== '').map((x) => parseInt(x, 16)) : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':').filter((x) => x !== '').map((x) => parseInt(x, 16)) : [];
  const groups = new Array<number>(8).fill(0);
  const back = [...rest, ...tail];
  head.forEach((g, i) => { groups[i] = g; });
  back.forEach((g, i) => { groups[8 - back.length + i] = g; });
  groups.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 255; });
  return out;
}

/** Text form (IPv6 as eight uncompressed groups, which `ip` accepts). */
export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i] << 8) | b[i + 1]).toString(16));
  return g.join(':');
}

/** `b` with every bit after the first `prefix` cleared (or set, when `fill`). */
export function maskIp(b: Uint8Array, prefix: number, fill = false): Uint8Array {
  const out = Uint8Array.from(b);
  for (let i = 0; i < out.length * 8; i++) {
    if (i < prefix) continue;
    const bit = 0x80 >> (i % 8);
    if (fill) out[i >> 3] |= bit; else out[i >> 3] &= ~bit & 255;
  }
  return out;
}

export function equalIp(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
