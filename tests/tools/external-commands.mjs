#!/usr/bin/env node
/**
 * Finds every external program that the code under tests/ runs, by reading the call sites with the
 * TypeScript parser (ohos-typescript): child_process calls (`spawn`, `spawnSync`, `execFile`,
 * `execFileSync`; `run(cmd, …)` in files that import child_process), the namespace lab's `exec(ns, cmd, …)` / `spawn(ns, cmd, …)`, the e2e helpers
 * `execNs(ns, cmd, …)` and `runIn(lab, ns, cmd, …)`, and
 * `['netns', 'exec', NS, 'cmd', …]` argument lists.
 *
 * A call whose command is not a string literal must be a wrapper that forwards its own parameter
 * (a function or method named in RUNNERS) or `process.execPath`; anything else is reported as
 * unresolved, so a new way of running programs cannot slip past the check.
 *
 * Usage: node tests/tools/external-commands.mjs [--json] [DIR...]
 *   prints `command<TAB>file:line` per use (`?` and the reason when unresolved), or with --json one
 *   object { "uses": [{ command, file, line, why }], "debian": DEBIAN_COMMANDS, "given": GIVEN_COMMANDS }
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBIAN_COMMANDS, GIVEN_COMMANDS } from './setup.mjs';

const require = createRequire(import.meta.url);
const ts = require('ohos-typescript');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Callee name → index of the argument that names the program. */
export const RUNNERS = Object.freeze({
  spawn: 0, spawnSync: 0, execFile: 0, execFileSync: 0, run: 0, execNs: 1, runIn: 2,
});
/** Method names of the namespace lab that take (ns, cmd, …). */
const LAB_METHODS = new Set(['exec', 'spawn']);

/** One use of an external program: `command` is null when it could not be resolved. */
export class CommandUse {
  constructor(command, file, line, why) { this.command = command; this.file = file; this.line = line; this.why = why; }
}

function calleeInfo(call, usesChildProcess) {
  const e = call.expression;
  // `run` is a common name: it counts as a runner only in a file that imports child_process.
  if (ts.isIdentifier(e) && Object.prototype.hasOwnProperty.call(RUNNERS, e.text) && (e.text !== 'run' || usesChildProcess)) {
    return { name: e.text, index: RUNNERS[e.text] };
  }
  if (ts.isPropertyAccessExpression(e) && LAB_METHODS.has(e.name.text) && call.arguments.length >= 2) return { name: e.name.text, index: 1 };
  if (ts.isPropertyAccessExpression(e) && ['spawn', 'spawnSync', 'execFile', 'execFileSync'].includes(e.name.text)
      && ts.isIdentifier(e.expression) && /child_process|cp/.test(e.expression.text)) return { name: e.name.text, index: 0 };
  if (ts.isIdentifier(e) && (e.text === 'exec' || e.text === 'execSync')) return { name: e.text, index: -1 };
  return null;
}

function enclosingFunction(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n)) return n;
  }
  return null;
}

function functionName(fn) {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if (fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return null;
}

function isForwardedParameter(arg) {
  if (!ts.isIdentifier(arg)) return false;
  for (let fn = enclosingFunction(arg); fn; fn = enclosingFunction(fn)) {
    if (fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === arg.text)) {
      const name = functionName(fn);
      return name !== null && (Object.prototype.hasOwnProperty.call(RUNNERS, name) || LAB_METHODS.has(name));
    }
  }
  return false;
}

function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

/** Every program run from the source text `text` (named `file` in the results). */
export function scanSource(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2021, true, file.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const out = [];
  const usesChildProcess = /['"](node:)?child_process['"]/.test(text);
  const lineOf = (n) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const info = calleeInfo(node, usesChildProcess);
      if (info && info.index < 0) {
        out.push(new CommandUse(null, file, lineOf(node), `${info.name}() runs a shell string`));
      } else if (info && node.arguments.length > info.index) {
        const arg = node.arguments[info.index];
        const lit = literalText(arg);
        if (lit !== null) out.push(new CommandUse(path.basename(lit), file, lineOf(arg), ''));
        else if (arg.getText(sf) === 'process.execPath') out.push(new CommandUse('node', file, lineOf(arg), ''));
        else if (!isForwardedParameter(arg)) out.push(new CommandUse(null, file, lineOf(arg), `${info.name}() with command ${arg.getText(sf)}`));
      }
    }
    if (ts.isArrayLiteralExpression(node)) {
      const el = node.elements;
      for (let i = 0; i + 3 < el.length; i++) {
        if (literalText(el[i]) === 'netns' && literalText(el[i + 1]) === 'exec') {
          const cmd = el[i + 3];
          const lit = literalText(cmd);
          if (lit !== null) out.push(new CommandUse(path.basename(lit), file, lineOf(cmd), ''));
          else if (cmd.getText(sf) === 'process.execPath') out.push(new CommandUse('node', file, lineOf(cmd), ''));
          else if (!isForwardedParameter(cmd)) out.push(new CommandUse(null, file, lineOf(cmd), `ip netns exec with command ${cmd.getText(sf)}`));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every program run from the .ts/.mjs/.js files under `dirs` (default: tests/). */
export function scanTree(dirs = [path.join(repo, 'tests')]) {
  const out = [];
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(...scanSource(path.relative(repo, p), fs.readFileSync(p, 'utf8')));
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dirs = args.filter((a) => !a.startsWith('--')).map((d) => path.resolve(d));
  const uses = scanTree(dirs.length ? dirs : undefined);
  if (args.includes('--json')) console.log(JSON.stringify({ uses, debian: DEBIAN_COMMANDS, given: GIVEN_COMMANDS }));
  else for (const u of uses) console.log(`${u.command ?? '?'}\t${u.file}:${u.line}${u.why ? '\t' + u.why : ''}`);
}
