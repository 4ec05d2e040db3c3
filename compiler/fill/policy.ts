/**
 * What a fill's source may contain, judged on its syntax tree before it is
 * compiled or run. A fill is code from outside (a model, or a person) that
 * runs inside the service, so it may reach only the runtime helpers, its own
 * types and the repositories it is given: no modules, no process, no globals.
 * This is a first gate: names reached through computed keys cannot be seen
 * here, which is why later steps compile and run the fill in isolation.
 */

import { ts } from "ts-morph";

import type { HoleContract, Rejection } from "./fill-types.js";

export const ALLOWED_IMPORTS = new Set([
  "../runtime/index.js",
  "../operations.js",
  "../repositories.js",
  "../schemas.js",
]);

/** Names that reach outside the fill wherever they appear, declared in the file or not. */
const BANNED_NAMES: Record<string, { rule: string; why: string }> = {
  eval: { rule: "eval", why: "`eval` runs text as code" },
  Function: { rule: "function", why: "`Function` makes code from text" },
  require: { rule: "require", why: "`require` loads modules" },
  process: { rule: "process", why: "`process` reaches the environment and the process" },
  globalThis: { rule: "global", why: "`globalThis` reaches every global" },
  global: { rule: "global", why: "`global` reaches every global" },
  module: { rule: "node-module", why: "`module` reaches the module system" },
  fetch: { rule: "network", why: "`fetch` makes network requests" },
  XMLHttpRequest: { rule: "network", why: "`XMLHttpRequest` makes network requests" },
  WebSocket: { rule: "network", why: "`WebSocket` opens network connections" },
};

/** Node modules a fill must not name; as identifiers they matter only when not declared here. */
const NODE_MODULES = ["child_process", "fs", "net", "http", "https", "http2", "vm",
  "worker_threads", "module", "dgram", "tls", "cluster", "inspector"];
const NODE_MODULE_TEXT = new RegExp(`^(node:)?(${NODE_MODULES.join("|")})(/.*)?$`);

/** Properties that lead from any value to `Function` or to shared prototypes. */
const ESCAPE_PROPERTIES = new Set(["constructor", "__proto__"]);

const MUTATING_CALLS: Record<string, Set<string>> = {
  Object: new Set(["defineProperty", "defineProperties", "assign", "setPrototypeOf"]),
  Reflect: new Set(["set", "defineProperty", "deleteProperty", "setPrototypeOf"]),
};

const FILE_NAME = "/fill.ts";

interface Scan {
  source: ts.SourceFile;
  checker: ts.TypeChecker;
  rejections: Rejection[];
}

export function checkPolicy(source: string, contract: Pick<HoleContract, "id">): Rejection[] {
  const scan = bind(source);

  checkStatements(scan, contract.id);
  const visit = (node: ts.Node): void => {
    checkNode(scan, node);
    if (!ts.isTypeNode(node)) ts.forEachChild(node, visit);
  };
  visit(scan.source);

  return scan.rejections;
}

/** A program of this one file, so declarations are resolved with real scopes. */
function bind(text: string): Scan {
  const source = ts.createSourceFile(FILE_NAME, text, ts.ScriptTarget.ES2022, true,
    ts.ScriptKind.TS);
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [],
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === FILE_NAME ? source : undefined),
    getDefaultLibFileName: () => "/lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => name === FILE_NAME,
    readFile: (name) => (name === FILE_NAME ? text : undefined),
  };

  const program = ts.createProgram({ rootNames: [FILE_NAME], options, host });
  return { source, checker: program.getTypeChecker(), rejections: [] };
}

function reject(scan: Scan, node: ts.Node, rule: string, why: string): void {
  const line = scan.source.getLineAndCharacterOfPosition(node.getStart(scan.source)).line + 1;
  scan.rejections.push({
    rule: `policy:${rule}`,
    message: `policy:${rule} at line ${line}: ${why}; a fill may not do this`,
  });
}

function checkStatements(scan: Scan, id: string): void {
  let handlers = 0;

  for (const statement of scan.source.statements) {
    if (ts.isImportDeclaration(statement)) checkImport(scan, statement);
    if (ts.isImportEqualsDeclaration(statement)) {
      reject(scan, statement, "import", "`import … = require(…)` loads a module");
    }
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      reject(scan, statement, "export", "it exports something other than the handler");
      continue;
    }
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;

    if (isHandler(statement, id)) handlers += 1;
    else reject(scan, statement, "export", `it exports something other than \`${id}\``);
  }

  if (handlers !== 1) {
    scan.rejections.push({ rule: "policy:export",
      message: `policy:export at line 1: the file must export the handler function \`${id}\`` });
  }
}

function checkImport(scan: Scan, statement: ts.ImportDeclaration): void {
  const from = ts.isStringLiteral(statement.moduleSpecifier)
    ? statement.moduleSpecifier.text
    : statement.moduleSpecifier.getText(scan.source);
  if (ALLOWED_IMPORTS.has(from)) return;

  const allowed = [...ALLOWED_IMPORTS].map((m) => `"${m}"`).join(", ");
  reject(scan, statement, "import", `it imports "${from}" (only ${allowed} may be imported)`);
}

function isHandler(statement: ts.Statement, id: string): boolean {
  return ts.isFunctionDeclaration(statement) && statement.name?.text === id &&
    !hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((m) => m.kind === kind) ?? false;
}

function checkNode(scan: Scan, node: ts.Node): void {
  if (ts.isIdentifier(node)) checkIdentifier(scan, node);
  else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    checkString(scan, node);
  } else if (ts.isWithStatement(node)) {
    reject(scan, node, "with", "`with` changes what names mean");
  } else if (ts.isCallExpression(node)) checkCall(scan, node);
  else if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
    checkTarget(scan, node.left);
  } else if (isIncrement(node)) checkTarget(scan, node.operand);
  else if (ts.isDeleteExpression(node)) checkTarget(scan, node.expression);
  else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) &&
    !ts.isVariableDeclarationList(node.initializer)) {
    checkTarget(scan, node.initializer);
  } else if (ts.isPropertyAccessExpression(node) && ESCAPE_PROPERTIES.has(node.name.text)) {
    reject(scan, node.name, "prototype", `\`.${node.name.text}\` leads to shared prototypes`);
  }
}

function checkIdentifier(scan: Scan, node: ts.Identifier): void {
  if (!isValueReference(node)) return;

  const banned = BANNED_NAMES[node.text];
  if (banned) {
    reject(scan, node, banned.rule, banned.why);
    return;
  }
  if (NODE_MODULES.includes(node.text) && !isDeclaredHere(scan, node)) {
    reject(scan, node, "node-module", `\`${node.text}\` names a Node.js module`);
  }
}

function checkString(scan: Scan, node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral) {
  const parent = node.parent;
  const isSpecifier = ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) ||
    ts.isExternalModuleReference(parent);
  if (isSpecifier) return;

  if (NODE_MODULE_TEXT.test(node.text)) {
    reject(scan, node, "node-module", `"${node.text}" names a Node.js module`);
  }
  if (ts.isElementAccessExpression(parent) && ESCAPE_PROPERTIES.has(node.text)) {
    reject(scan, node, "prototype", `["${node.text}"] leads to shared prototypes`);
  }
}

function checkCall(scan: Scan, node: ts.CallExpression): void {
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    reject(scan, node, "dynamic-import", "`import()` loads a module");
    return;
  }

  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return;
  const methods = MUTATING_CALLS[callee.expression.text];
  if (!methods?.has(callee.name.text) || isDeclaredHere(scan, callee.expression)) return;

  const target = node.arguments[0];
  if (target && isGlobalRooted(scan, target)) {
    reject(scan, node, "global-mutation",
      `${callee.getText(scan.source)}(…) changes an object the fill did not declare`);
  }
}

/** Something assigned to, deleted or incremented must belong to the fill. */
function checkTarget(scan: Scan, target: ts.Expression): void {
  const inner = unwrap(target);
  if (ts.isArrayLiteralExpression(inner)) {
    inner.elements.forEach((element) => checkTarget(scan, element));
    return;
  }
  if (ts.isObjectLiteralExpression(inner)) {
    inner.properties.forEach((property) => checkPatternProperty(scan, property));
    return;
  }
  if (ts.isSpreadElement(inner)) {
    checkTarget(scan, inner.expression);
    return;
  }
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    checkTarget(scan, inner.left);
    return;
  }

  if (isGlobalRooted(scan, inner)) {
    reject(scan, target, "global-mutation",
      `it changes \`${inner.getText(scan.source)}\`, which the fill did not declare`);
  }
}

function checkPatternProperty(scan: Scan, property: ts.ObjectLiteralElementLike): void {
  if (ts.isPropertyAssignment(property)) checkTarget(scan, property.initializer);
  else if (ts.isSpreadAssignment(property)) checkTarget(scan, property.expression);
  else if (ts.isShorthandPropertyAssignment(property) && !isDeclaredHere(scan, property.name)) {
    reject(scan, property, "global-mutation",
      `it changes \`${property.name.text}\`, which the fill did not declare`);
  }
}

/** An identifier not declared in the file, or a property path starting at one. */
function isGlobalRooted(scan: Scan, expression: ts.Expression): boolean {
  let current = unwrap(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    current = unwrap(current.expression);
  }
  return ts.isIdentifier(current) && !isDeclaredHere(scan, current);
}

function isDeclaredHere(scan: Scan, node: ts.Identifier): boolean {
  const symbol = ts.isShorthandPropertyAssignment(node.parent)
    ? scan.checker.getShorthandAssignmentValueSymbol(node.parent)
    : scan.checker.getSymbolAtLocation(node);
  return symbol?.declarations?.some((d) => d.getSourceFile() === scan.source) ?? false;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) || ts.isTypeAssertionExpression(current) ||
    ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isIncrement(node: ts.Node): node is ts.PrefixUnaryExpression | ts.PostfixUnaryExpression {
  if (!ts.isPrefixUnaryExpression(node) && !ts.isPostfixUnaryExpression(node)) return false;
  return node.operator === ts.SyntaxKind.PlusPlusToken ||
    node.operator === ts.SyntaxKind.MinusMinusToken;
}

/** False for names that are not variables: members, property keys, labels. */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent)) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) &&
    parent.propertyName === node) {
    return false;
  }
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isMetaProperty(parent)) return false;

  const isMemberName = ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
    ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent) ||
    ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isEnumMember(parent);
  return !(isMemberName && (parent as ts.NamedDeclaration).name === node);
}
