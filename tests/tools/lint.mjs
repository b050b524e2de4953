#!/usr/bin/env node
/**
 * The lint gate, for every `.ets` file under entry/src (UI pages and struct components included):
 *  1. the ArkTS linter (rule set 1.1, from ohos-typescript);
 *  2. the strict type checker against the public SDK's own declarations — the npm package
 *     `@arkts/declarations` (module paths from its dist/tsconfig.base.json, the ArkUI component
 *     declarations of dist/component/ and dist/global.d.ts as root files, the ArkTS compiler front end's
 *     `ets` options so that `struct` pages are checked against the components) plus the small
 *     supplement in types/ohos/ (members newer than the package, each with its @since);
 *  3. the compatibility gate (compat.mjs): a use of an SDK member whose @since is above the
 *     product's compatibleSdkVersion must sit behind a feature check.
 * Each build variant is checked: `public` (target `default`: source set entry/src/default, public
 * declarations only) and `system` (target `system`: source set entry/src/system plus the system-API
 * supplement types/ohos/system/). Code of a target source set is imported as `entry/<file>`; the
 * system variant checks its source set and the files that import `entry/...` (all other files are
 * the same in both variants and checked once, in the public one).
 *
 * Usage: node tests/tools/lint.mjs [--override REPO_PATH=FILE]... [PATH...]
 *   PATH        files or folders to lint (default: entry/src)
 *   --override  lint FILE's text as if it stood at REPO_PATH (used by the lint tool's own test)
 * Prints one line per problem: `file:line:col rule message` (rule: arkts-*, TSnnnn or compat-since),
 * then a summary with the time taken (HWG_LINT_TIMES=1: per variant on stderr); exits 1 on any error, 0 otherwise.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compatibilityProblems, compatibleSdkVersion } from './compat.mjs';

const require = createRequire(import.meta.url);
const ts = require('ohos-typescript');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The public SDK declarations (npm `@arkts/declarations`, version pinned in package.json). */
export const sdkDir = path.join(repo, 'node_modules', '@arkts', 'declarations', 'dist');

/**
 * The build variants: hvigor targets of module `entry` (entry/build-profile.json5), each with its
 * target source set and the declaration supplements it compiles against.
 */
export const VARIANTS = [
  { name: 'public', sourceSet: 'entry/src/default', supplements: ['types/ohos'] },
  { name: 'system', sourceSet: 'entry/src/system', supplements: ['types/ohos', 'types/ohos/system'], onlyWhatDiffers: true },
];

/** Every file under `dir` whose name ends with one of `exts` (`skip`: folders not to enter). */
export function walk(dir, exts, out = [], skip = []) {
  if (!fs.existsSync(dir)) return out;
  const st = fs.statSync(dir);
  if (st.isFile()) { if (exts.some((e) => dir.endsWith(e))) out.push(dir); return out; }
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'oh_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (skip.includes(p)) continue;
    walk(p, exts, out, skip);
  }
  return out;
}

/** The ArkUI component names: every `declare const X: XInterface` of dist/component/. */
let componentCache;
export function componentNames() {
  if (componentCache) return componentCache;
  const names = new Set();
  for (const f of fs.readdirSync(path.join(sdkDir, 'component'))) {
    const text = fs.readFileSync(path.join(sdkDir, 'component', f), 'utf8');
    for (const m of text.matchAll(/^declare const (\w+): (\w+)Interface\b/gm)) names.add(m[1]);
  }
  componentCache = [...names].sort();
  return componentCache;
}

/**
 * The `ets` compiler options, as in the ArkTS compiler front end's own tsconfig
 * (openharmony/developtools_ace_ets2bundle compiler/tsconfig.json), with the component list of the
 * declarations in use.
 */
export function etsOptions() {
  const components = componentNames();
  const emit = ['Entry', 'Component', 'CustomDialog', 'Consume', 'Link', 'LocalStorageLink', 'LocalStorageProp', 'ObjectLink',
    'Prop', 'Provide', 'State', 'StorageLink', 'StorageProp', 'Builder', 'BuilderParam', 'Observed'];
  const withParams = new Set(['Entry', 'Consume', 'LocalStorageLink', 'LocalStorageProp', 'Provide', 'StorageLink', 'StorageProp']);
  return {
    emitDecorators: emit.map((name) => ({ name, emitParameters: withParams.has(name) })),
    propertyDecorators: ['Link', 'Prop', 'ObjectLink', 'Consume'].map((name) => ({ name, needInitialization: false })),
    render: { method: ['build', 'pageTransition'], decorator: 'Builder' },
    components,
    extend: { decorator: 'Extend', components: components.map((name) => ({ name, type: `${name}Attribute`, instance: `${name}Instance` })) },
    styles: { decorator: 'Styles', component: { name: 'Common', type: 'T', instance: 'CommonInstance' }, property: 'stateStyles' },
    concurrent: { decorator: 'Concurrent' },
    customComponent: 'CustomComponent',
  };
}

/**
 * Module paths: every SDK module (dist/tsconfig.base.json), the @noble subpaths, `@ohos/axios`
 * (types/ohpm) and `@kit.ScanKit` (types/hms, HarmonyOS only), `entry/*` → the variant's source set.
 */
function modulePaths(variant) {
  const base = JSON.parse(fs.readFileSync(path.join(sdkDir, 'tsconfig.base.json'), 'utf8'));
  const paths = {};
  for (const [name, files] of Object.entries(base.compilerOptions.paths)) paths[name] = files.map((f) => path.join(sdkDir, f));
  paths['@noble/ciphers/*'] = [path.join(repo, 'node_modules/@noble/ciphers/*')];
  paths['@noble/hashes/*'] = [path.join(repo, 'node_modules/@noble/hashes/*')];
  // an ohpm package that is not on npm: the declarations of the members the app uses
  paths['@ohos/axios'] = [path.join(repo, 'types/ohpm/ohos-axios/index.d.ts')];
  // a HarmonyOS SDK kit that OpenHarmony's SDK lacks: the members the app uses
  paths['@kit.ScanKit'] = [path.join(repo, 'types/hms/ScanKit.d.ts')];
  paths['entry/*'] = [path.join(repo, variant.sourceSet, '*')];
  // The native module's declarations, as entry/oh-package.json5 maps the import for the SDK build.
  paths['libharmonywg_io.so'] = [path.join(repo, 'entry/src/main/cpp/types/libharmonywg_io/index.d.ts')];
  return paths;
}

/** Compiler options of the gate for one variant: strict, ES2021, the SDK's module paths and `ets` options. */
export function compilerOptions(variant = VARIANTS[0]) {
  return {
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    allowArbitraryExtensions: true,
    // as the ArkTS build sets it; without it ohos-typescript takes any module name containing ".so"
    // (e.g. @ohos.net.socket) for a native library and leaves it unresolved
    needDoArkTsLinter: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    baseUrl: repo,
    paths: modulePaths(variant),
    types: [],
    typeRoots: [],
    lib: ['lib.es2021.d.ts'],
    ets: etsOptions(),
  };
}

/** The SDK's global root files: every ArkUI component declaration and global.d.ts. */
function sdkRoots() {
  return [...walk(path.join(sdkDir, 'component'), ['.d.ts', '.d.ets']), path.join(sdkDir, 'global.d.ts')];
}

/** The text of `f` (or of its override). */
function readSource(f, overrides) {
  return fs.readFileSync(overrides.get(path.resolve(f)) ?? f, 'utf8');
}

/** Parsed SDK files, shared by the variants' programs (the declarations are the same). */
const sourceFileCache = new Map();

/** Checks one variant; adds its problems to `out` (a Map line → isError). */
function checkVariant(variant, paths, overrides, out) {
  const other = VARIANTS.filter((v) => v !== variant).map((v) => path.join(repo, v.sourceSet));
  let roots = [];
  for (const p of paths) walk(path.resolve(repo, p), ['.ets'], roots, other);
  roots = roots.filter((f) => !other.some((o) => f.startsWith(o + path.sep)));
  if (variant.onlyWhatDiffers) {
    // files outside the target source sets are the same in every variant: check here only the
    // variant's own source set and the files that import a target source set (`entry/...`)
    const own = path.join(repo, variant.sourceSet) + path.sep;
    roots = roots.filter((f) => f.startsWith(own) || /from\s+'entry\//.test(readSource(f, overrides)));
    if (roots.length === 0) return;
  }
  const supplementDirs = variant.supplements.map((s) => path.join(repo, s));
  const decls = supplementDirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.d.ts') || f.endsWith('.d.ets')).map((f) => path.join(d, f)) : []));
  for (const d of decls) {
    // an ambient `declare module '@kit.X'` in a script shadows the SDK's own module: only augmentations
    const text = fs.readFileSync(d, 'utf8');
    if (!d.endsWith('.d.ets') || !/^\s*(export|import)\b/m.test(text)) {
      out.set(`${path.relative(repo, d)}:1:1 sdk-supplement the supplement only extends the SDK's declarations: a .d.ets module (export {}) `
        + `that augments '@kit.X' with members newer than @arkts/declarations; a hand-written kit declaration hides the SDK's`, true);
    }
  }
  const options = compilerOptions(variant);
  const host = ts.createIncrementalCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (overrides.has(path.resolve(f)) ? fs.readFileSync(overrides.get(path.resolve(f)), 'utf8') : readFile(f));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onErr, fresh) => {
    // an overridden file is read through host.readFile above (parsed with the `ets` options like any other)
    if (!f.startsWith(sdkDir)) return getSourceFile(f, lang, onErr, fresh);
    let sf = sourceFileCache.get(f);
    if (!sf) { sf = getSourceFile(f, lang, onErr, fresh); sourceFileCache.set(f, sf); }
    return sf;
  };
  const builder = ts.createIncrementalProgram({ rootNames: [...sdkRoots(), ...decls, ...roots], options, host });
  const program = builder.getProgram();
  const rootSet = new Set(roots.map((r) => path.resolve(r)));
  const declSet = new Set(decls.map((r) => path.resolve(r)));
  // linter rules apply to the app's sources; type errors also to the supplement (syntax only: ohos-typescript
  // skips the semantic check of declaration files under needDoArkTsLinter); the SDK's own files are not ours
  const report = (d, rule, files) => {
    if (d.file && !files.some((s) => s.has(path.resolve(d.file.fileName)))) return;
    const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    let where = '(global)';
    if (d.file && d.start !== undefined) {
      const p = d.file.getLineAndCharacterOfPosition(d.start);
      where = `${path.relative(repo, d.file.fileName)}:${p.line + 1}:${p.character + 1}`;
    }
    const isError = d.category === ts.DiagnosticCategory.Error;
    const line = `${where} ${rule} ${isError ? '' : '(warning) '}${msg}`;
    if (!out.has(line)) out.set(line, isError);
  };
  const t0 = Date.now();
  for (const d of ts.ArkTSLinter_1_1.runArkTSLinter(builder, undefined, undefined, '1.1')) {
    const m = /\((arkts-[a-z0-9-]+)\)\s*$/.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '));
    report(d, m ? m[1] : `arkts-${d.code}`, [rootSet]);
  }
  for (const d of [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()]) {
    report(d, `TS${d.code}`, [rootSet, declSet]);
  }
  const t1 = Date.now();
  const checker = program.getTypeChecker();
  const minApi = compatibleSdkVersion(repo);
  for (const r of roots) {
    const sf = program.getSourceFile(r);
    if (!sf) continue;
    for (const p of compatibilityProblems(ts, checker, sf, { sdkDir, supplementDirs, minApi })) {
      const where = `${path.relative(repo, sf.fileName)}:${p.line}:${p.col}`;
      const line = `${where} compat-since ${p.message}`;
      if (!out.has(line)) out.set(line, true);
    }
  }
  if (process.env.HWG_LINT_TIMES) console.error(`${variant.name}: ${roots.length} files, linter ${t1 - t0} ms, types+compat ${Date.now() - t1} ms`);
}

/** Runs the gate over `paths` for every variant; returns { errors, warnings, lines, files, ms }. */
export function lint(paths, overrides = new Map()) {
  const t0 = Date.now();
  const out = new Map();
  for (const v of VARIANTS) checkVariant(v, paths, overrides, out);
  const files = new Set();
  for (const p of paths) walk(path.resolve(repo, p), ['.ets'], []).forEach((f) => files.add(f));
  const lines = [...out.keys()].sort();
  const errors = [...out.values()].filter((e) => e).length;
  return { errors, warnings: out.size - errors, lines, files: files.size, ms: Date.now() - t0 };
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
  console.log(`lint: ${res.files} .ets files, variants ${VARIANTS.map((v) => v.name).join(' + ')}, ${res.errors} errors, ${res.warnings} warnings, ${(res.ms / 1000).toFixed(1)} s`);
  process.exit(res.errors > 0 ? 1 : 0);
}
