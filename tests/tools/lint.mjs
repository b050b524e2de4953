#!/usr/bin/env node
/**
 * The lint gate: the ArkTS linter (rule set 1.1, from ohos-typescript) over every `.ets` file under
 * entry/src, and the strict type checker over the same files against the hand-written OpenHarmony
 * declarations in types/ohos.
 *
 * Usage: node tests/tools/lint.mjs [--override REPO_PATH=FILE]... [PATH...]
 *   PATH        files or folders to lint (default: entry/src)
 *   --override  lint FILE's text as if it stood at REPO_PATH (used by the lint tool's own test)
 * Prints one line per problem: `file:line:col rule message`; exits 1 on any error, 0 otherwise.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('ohos-typescript');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every file under `dir` whose name ends with one of `exts`. */
export function walk(dir, exts, out = []) {
  if (!fs.existsSync(dir)) return out;
  const st = fs.statSync(dir);
  if (st.isFile()) { if (exts.some((e) => dir.endsWith(e))) out.push(dir); return out; }
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'oh_modules' || name.startsWith('.')) continue;
    walk(path.join(dir, name), exts, out);
  }
  return out;
}

/** Compiler options shared by the lint gate: strict, ES2021, hand-written kit declarations. */
export function compilerOptions() {
  return {
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    baseUrl: repo,
    paths: {
      '@noble/ciphers/*': ['node_modules/@noble/ciphers/*'],
      '@noble/hashes/*': ['node_modules/@noble/hashes/*'],
      // an ohpm package that is not on npm: the declarations of the members the app uses
      '@ohos/axios': ['types/ohpm/ohos-axios/index.d.ts'],
      // a HarmonyOS SDK kit that OpenHarmony's SDK lacks: the members the app uses
      '@kit.ScanKit': ['types/hms/ScanKit.d.ts'],
    },
    types: [],
    typeRoots: [],
    lib: ['lib.es2021.d.ts'],
  };
}

/** Runs the gate; returns { errors, warnings, lines }. */
export function lint(paths, overrides = new Map()) {
  const roots = [];
  for (const p of paths) walk(path.resolve(repo, p), ['.ets'], roots);
  const decls = walk(path.join(repo, 'types', 'ohos'), ['.d.ts']);
  const options = compilerOptions();
  const host = ts.createIncrementalCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (overrides.has(path.resolve(f)) ? fs.readFileSync(overrides.get(path.resolve(f)), 'utf8') : readFile(f));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onErr, fresh) => {
    const o = overrides.get(path.resolve(f));
    if (o) {
      const sf = ts.createSourceFile(f, fs.readFileSync(o, 'utf8'), lang, true);
      sf.version = `override:${fs.statSync(o).mtimeMs}`;
      return sf;
    }
    return getSourceFile(f, lang, onErr, fresh);
  };
  const builder = ts.createIncrementalProgram({ rootNames: [...decls, ...roots], options, host });
  const program = builder.getProgram();
  const lines = [];
  let errors = 0;
  let warnings = 0;
  const report = (d, rule) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    let where = '(global)';
    if (d.file && d.start !== undefined) {
      const p = d.file.getLineAndCharacterOfPosition(d.start);
      where = `${path.relative(repo, d.file.fileName)}:${p.line + 1}:${p.character + 1}`;
    }
    const isError = d.category === ts.DiagnosticCategory.Error;
    if (isError) errors++; else warnings++;
    lines.push(`${where} ${rule} ${isError ? '' : '(warning) '}${msg}`);
  };
  for (const d of ts.ArkTSLinter_1_1.runArkTSLinter(builder, undefined, undefined, '1.1')) {
    const m = /\((arkts-[a-z0-9-]+)\)\s*$/.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '));
    report(d, m ? m[1] : `arkts-${d.code}`);
  }
  const rootSet = new Set(roots.map((r) => path.resolve(r)));
  const typeDiags = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const d of typeDiags) {
    if (d.file && !rootSet.has(path.resolve(d.file.fileName)) && !d.file.fileName.includes('types/ohos')) continue;
    if (d.file && isUiFile(d.file.text)) continue; // struct components: linter rules only (see README)
    report(d, `TS${d.code}`);
  }
  return { errors, warnings, lines, files: roots.length };
}

/** A page or component file: ArkUI struct syntax that the plain type checker has no declarations for. */
export function isUiFile(text) {
  return /^\s*@(Entry|Component|ComponentV2)\b/m.test(text);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const overrides = new Map();
  const paths = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--override') {
      const [at, file] = args[++i].split('=');
      overrides.set(path.resolve(repo, at), path.resolve(file));
    } else paths.push(args[i]);
  }
  const res = lint(paths.length ? paths : ['entry/src'], overrides);
  for (const l of res.lines) console.log(l);
  console.log(`lint: ${res.files} .ets files, ${res.errors} errors, ${res.warnings} warnings`);
  process.exit(res.errors > 0 ? 1 : 0);
}
