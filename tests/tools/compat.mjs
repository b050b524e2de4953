/**
 * The compatibility gate of the lint (issue 10 item 3), as DevEco Studio's API compatibility check:
 * every use of an SDK member whose `@since` is above the product's compatibleSdkVersion must sit
 * behind a feature check, else it is an error (`compat-since`).
 *
 * - A "use" is a value reference in the app's code (an identifier or a property access that resolves
 *   to a declaration in the SDK package or in the declaration supplement); types are compile-time only
 *   and not checked.
 * - The member's level is the lowest `@since` of the doc blocks of its declaration (the SDK repeats a
 *   doc block per change, e.g. `@since 10` then `@crossplatform @since 12`); for a call, of the
 *   overload the call resolves to.
 * - A guard is an enclosing `if` (or `?:`, or the left of `&&`) whose condition, or one `&&` operand
 *   of it, is `ApiLevel.atLeast(N)` with a literal N ≥ the member's level, `deviceInfo.sdkApiVersion >= N`,
 *   or `canIUse(S)` with S the member's `@syscap`; the use must be where the condition is true.
 *   Not recognised: early returns (`if (!ApiLevel.atLeast(N)) return;`) and levels held in variables.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';

/** The lowest compatibleSdkVersion of the products in build-profile.json5 (`"5.0.0(12)"` or `12`). */
export function compatibleSdkVersion(repo) {
  const profile = JSON5.parse(fs.readFileSync(path.join(repo, 'build-profile.json5'), 'utf8'));
  let min = Infinity;
  for (const p of profile.app.products) {
    const v = p.compatibleSdkVersion;
    const n = typeof v === 'number' ? v : Number(/\((\d+)\)/.exec(String(v))?.[1] ?? v);
    if (Number.isFinite(n)) min = Math.min(min, n);
  }
  if (!Number.isFinite(min)) throw new Error('build-profile.json5: no product has a compatibleSdkVersion');
  return min;
}

/** The lowest `@since N` over every doc block attached to `decl`, or undefined. */
export function lowestSince(decl) {
  let low;
  for (const doc of decl.jsDoc ?? []) {
    const text = doc.getText();
    for (const m of text.matchAll(/@since\s+(\d+)/g)) {
      const n = Number(m[1]);
      if (low === undefined || n < low) low = n;
    }
  }
  return low;
}

function isSdkFile(fileName, dirs) {
  const f = path.resolve(fileName);
  return dirs.some((d) => f.startsWith(d + path.sep));
}

/**
 * Whether `cond` (an if condition, or the left of `&&`) guarantees, where true, that a member of API
 * level `since` and system capability `syscap` exists: `ApiLevel.atLeast(N)` or
 * `deviceInfo.sdkApiVersion >= N` with a literal N >= since, or `canIUse(S)` with S the member's
 * @syscap (any 'SystemCapability.*' when the member declares none); any `&&` operand may be the guard.
 */
function guards(ts, cond, since, syscap) {
  if (ts.isParenthesizedExpression(cond)) return guards(ts, cond.expression, since, syscap);
  if (ts.isBinaryExpression(cond) && cond.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return guards(ts, cond.left, since, syscap) || guards(ts, cond.right, since, syscap);
  }
  if (ts.isCallExpression(cond)) {
    const callee = cond.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    const owner = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : '';
    const arg = cond.arguments[0];
    if (owner === 'ApiLevel' && name === 'atLeast' && arg && ts.isNumericLiteral(arg)) return Number(arg.text) >= since;
    if (name === 'canIUse' && arg && ts.isStringLiteralLike(arg)) {
      return syscap ? arg.text === syscap : arg.text.startsWith('SystemCapability.');
    }
  }
  if (ts.isBinaryExpression(cond) && cond.operatorToken.kind === ts.SyntaxKind.GreaterThanEqualsToken
    && ts.isPropertyAccessExpression(cond.left) && cond.left.name.text === 'sdkApiVersion' && ts.isNumericLiteral(cond.right)) {
    return Number(cond.right.text) >= since;
  }
  return false;
}

/** Whether an enclosing `if` / `?:` / `&&` of `node` guards a member of level `since` and `syscap`. */
function isGuarded(ts, node, since, syscap) {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (ts.isIfStatement(p) && p.thenStatement === child && guards(ts, p.expression, since, syscap)) return true;
    if (ts.isConditionalExpression(p) && p.whenTrue === child && guards(ts, p.condition, since, syscap)) return true;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && p.right === child
      && guards(ts, p.left, since, syscap)) return true;
  }
  return false;
}

/** The `@syscap` of `decl`'s doc blocks (the last one given), or undefined. */
function syscapOf(decl) {
  let cap;
  for (const doc of decl.jsDoc ?? []) {
    const m = /@syscap\s+(SystemCapability\.[\w.]+)/.exec(doc.getText());
    if (m) cap = m[1];
  }
  return cap;
}

/** True where `id` is a value reference (not a declaration's name, not in a type, an import or an export). */
function isValueUse(ts, id) {
  const p = id.parent;
  if (!p) return false;
  for (let n = p; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isTypeNode(n) || ts.isHeritageClause(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return false;
  }
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)
    || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isEnumDeclaration(p)
    || ts.isPropertyAssignment(p) || ts.isEnumMember(p) || ts.isTypeAliasDeclaration(p) || ts.isPropertySignature(p)
    || ts.isMethodSignature(p) || ts.isStructDeclaration?.(p)) && p.name === id) return false;
  return !ts.isQualifiedName(p);
}

/**
 * Problems of one source file: [{ line, col, message }], each an SDK member above `minApi` used
 * without a guard of its level.
 */
export function compatibilityProblems(ts, checker, sf, { sdkDir, supplementDirs, minApi }) {
  const dirs = [path.resolve(sdkDir), ...supplementDirs.map((d) => path.resolve(d))];
  const out = [];
  const visit = (node) => {
    if (ts.isIdentifier(node) && isValueUse(ts, node)) check(node);
    ts.forEachChild(node, visit);
  };
  const check = (id) => {
    let sym = checker.getSymbolAtLocation(id);
    if (!sym) return;
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    let decls = (sym.declarations ?? []).filter((d) => isSdkFile(d.getSourceFile().fileName, dirs));
    if (decls.length === 0) return;
    const call = id.parent && ts.isCallExpression(id.parent) && id.parent.expression === id ? id.parent
      : id.parent && ts.isPropertyAccessExpression(id.parent) && id.parent.name === id && ts.isCallExpression(id.parent.parent) && id.parent.parent.expression === id.parent ? id.parent.parent
        : undefined;
    if (call) {
      const sig = checker.getResolvedSignature(call);
      if (sig && sig.declaration && decls.includes(sig.declaration)) decls = [sig.declaration];
    }
    let since;
    let at;
    for (const d of decls) {
      const s = lowestSince(d);
      if (s !== undefined && (since === undefined || s < since)) { since = s; at = d; }
    }
    if (since === undefined || since <= minApi) return;
    if (isGuarded(ts, id, since, syscapOf(at))) return;
    const p = sf.getLineAndCharacterOfPosition(id.getStart(sf));
    const owner = decls[0].parent && decls[0].parent.name && ts.isIdentifier(decls[0].parent.name) ? `${decls[0].parent.name.text}.` : '';
    out.push({
      line: p.line + 1,
      col: p.character + 1,
      message: `${owner}${id.text} is @since ${since}, above compatibleSdkVersion ${minApi}: call it inside \`if (ApiLevel.atLeast(${since}))\` or \`if (canIUse('SystemCapability…'))\``,
    });
  };
  visit(sf);
  return out;
}
