/**
 * `check <file> [--json] [--api-level N] [--exclude-private] [--exclude-own-bundle]`
 * Parses a wg-quick file with the app's core and builds the VpnConfig that would be passed to
 * `VpnConnection.create()`.
 *   success: exit 0; the VpnConfig, then each peer's endpoint and AllowedIPs; on stderr one line per
 *     warning: `warning: <CODE> in <Section> <Location>: "<text>" (<why, as the app says it in English>)`;
 *   refusal: exit 1; one line `error: <REASON> in <Section> <Location>: "<text>"` (and on stderr the
 *     detail in words, e.g. `(MTU_RANGE: The MTU must be between 576 and 1500.)`, and the line);
 *   usage or I/O problem: exit 2.
 * With --json stdout is exactly one JSON object (warnings also on stderr):
 *   {"ok":true,"vpnConfig":{…},"peers":[{"publicKey","endpoint","allowedIPs"}],
 *    "warnings":[{"code","section","location","text"}]} or
 *   {"ok":false,"error":{"section","location","reason","text"}}.
 * A text that may hold a private or preshared key is printed as "<hidden>".
 */
import fs from 'node:fs';
import baseStrings from '../../../../entry/src/main/resources/base/element/string.json';
import { BadConfigError, ConfigDetail, mayHoldSecret, sectionName } from '../../../../entry/src/main/ets/core/config/BadConfigError';
import { describeConfigWarning } from '../../../../entry/src/main/ets/viewmodel/ConfigErrorText';
import { TextSource } from '../../../../entry/src/main/ets/viewmodel/MainViewModel';
import { TunnelConfig } from '../../../../entry/src/main/ets/core/config/TunnelConfig';
import { PlatformInfo, VpnConfigOptions, toVpnConfig } from '../../../../entry/src/main/ets/core/config/VpnConfig';

/** The app's bundle name (AppScope/app.json5); used with --exclude-own-bundle. */
const OWN_BUNDLE = 'org.harmonywg.vpn';

/** The app's English strings (entry/src/main/resources/base), to word warnings as the app does. */
class EnglishTexts implements TextSource {
  private readonly m: Map<string, string>;
  constructor() {
    this.m = new Map(baseStrings.string.map((s: { name: string; value: string }) => [s.name, s.value]));
  }
  text(name: string, args: string[]): string {
    const t = this.m.get(name) ?? name;
    return args.reduce((acc, a, i) => acc.split(`{${i}}`).join(a), t);
  }
}

export async function run(args: string[]): Promise<number> {
  let file = '';
  let json = false;
  let apiLevel = 12;
  const options = new VpnConfigOptions();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--exclude-private') options.excludePrivateNetworks = true;
    else if (a === '--exclude-own-bundle') options.excludeOwnBundle = true;
    else if (a === '--api-level' && i + 1 < args.length) apiLevel = Number(args[++i]);
    else if (!a.startsWith('--') && file === '') file = a;
    else {
      process.stderr.write(`check: unexpected argument ${a}\n`);
      return 2;
    }
  }
  if (file === '' || !Number.isInteger(apiLevel)) {
    process.stderr.write('usage: check <file.conf> [--json] [--api-level N] [--exclude-private] [--exclude-own-bundle]\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`check: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  return checkText(text, json, apiLevel, options);
}

/**
 * What `check` prints for wg-quick `text` (also `fetch` for a fetched text): exit 0 with the
 * VpnConfig (or the `--json` object), 1 with the error line (or `{"ok":false,"error":{…}}`).
 */
export function checkText(text: string, json: boolean, apiLevel = 12, options = new VpnConfigOptions()): number {
  try {
    const tunnel = TunnelConfig.parse(text);
    const result = toVpnConfig(tunnel, new PlatformInfo(apiLevel, OWN_BUNDLE), options);
    const peers = tunnel.peers.map((p) => ({
      publicKey: p.publicKey.toBase64(),
      endpoint: p.endpoint === null ? null : p.endpoint.toString(),
      allowedIPs: p.allowedIps.map((c) => c.toString()),
    }));
    const texts = new EnglishTexts();
    for (const w of result.warnings) {
      process.stderr.write(`warning: ${w.code} in ${sectionName(w.section)} ${w.location}: ${JSON.stringify(w.text)} ` +
        `(${describeConfigWarning(w, texts).replace(/^\[[^\]]*\] [A-Za-z]+: /, '')})\n`);
    }
    const warnings = result.warnings.map((w) => ({ code: w.code, section: w.section, location: w.location, text: w.text }));
    if (json) {
      process.stdout.write(JSON.stringify({ ok: true, vpnConfig: result.vpnConfig, peers, warnings }) + '\n');
    } else {
      process.stdout.write('VpnConfig (passed to VpnConnection.create()):\n');
      process.stdout.write(JSON.stringify(result.vpnConfig, null, 2) + '\n');
      peers.forEach((p, i) => {
        process.stdout.write(`peer ${i + 1} ${p.publicKey}\n  endpoint: ${p.endpoint ?? '(none)'}\n  allowedIPs: ${p.allowedIPs.join(', ') || '(none)'}\n`);
      });
    }
    return 0;
  } catch (e) {
    if (!(e instanceof BadConfigError)) throw e;
    const shown = mayHoldSecret(e.location, e.text) ? '<hidden>' : e.text;
    if (json) {
      process.stdout.write(JSON.stringify({ ok: false, error: { section: e.section, location: e.location, reason: e.reason, text: shown } }) + '\n');
    } else {
      const where = sectionName(e.section) + (e.location ? ' ' + e.location : '');
      process.stdout.write(`error: ${e.reason} in ${where}: ${JSON.stringify(shown)}\n`);
      if (e.detail !== ConfigDetail.NONE || e.line > 0) {
        const detail = e.detail !== ConfigDetail.NONE ?
          `${e.detail}: ${new EnglishTexts().text('config_detail_' + e.detail.toLowerCase(), [])}` : '';
        process.stderr.write(`  (${[detail, e.line > 0 ? 'line ' + e.line : ''].filter((s) => s).join(', ')})\n`);
      }
    }
    return 1;
  }
}
