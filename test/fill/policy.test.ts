import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { checkPolicy } from "../../compiler/fill/policy.js";
import { AUTH_FILLS } from "./support.js";

const contract = { id: "loginUser" };

const HEAD = 'import { HttpProblem } from "../runtime/index.js";\n' +
  'import type { Context, LoginUserInput, LoginUserResult } from "../operations.js";\n';

/** A handler file around `body`; `top` goes between the imports and the function. */
function handler(body: string, top = ""): string {
  return `${HEAD}${top}\nexport async function loginUser(input: LoginUserInput, ` +
    `context: Context): Promise<LoginUserResult> {\n${body}\n}\n`;
}

const rulesOf = (source: string) => checkPolicy(source, contract).map((r) => r.rule);

describe("checkPolicy refuses", () => {
  it.each([
    ["an import of a Node module", handler("", 'import fs from "node:fs";'), "policy:import"],
    ["an import from elsewhere", handler("", 'import { x } from "../../secrets.js";'),
      "policy:import"],
    ["import = require", handler("", 'import fs = require("fs");'), "policy:import"],
    ["eval", handler('eval("1");'), "policy:eval"],
    ["eval passed around", handler("const e = eval;\nvoid e;"), "policy:eval"],
    ["new Function", handler('new Function("return 1")();'), "policy:function"],
    ["a Function call", handler('Function("return 1")();'), "policy:function"],
    ["dynamic import", handler('await import("../runtime/index.js");'),
      "policy:dynamic-import"],
    ["require", handler('require("../runtime/index.js");'), "policy:require"],
    ["process", handler('const key = process.env["JWT_SECRET"];\nvoid key;'),
      "policy:process"],
    ["process in shorthand", handler("const o = { process };\nvoid o;"), "policy:process"],
    ["globalThis", handler("void globalThis;"), "policy:global"],
    ["global", handler("void global;"), "policy:global"],
    ["module", handler("void module;"), "policy:node-module"],
    ["child_process", handler('child_process.exec("ls");'), "policy:node-module"],
    ["fs", handler('fs.readFileSync("/etc/passwd");'), "policy:node-module"],
    ["net", handler("net.connect(80);"), "policy:node-module"],
    ["http", handler("http.get('x');"), "policy:node-module"],
    ["https", handler("https.get('x');"), "policy:node-module"],
    ["vm", handler("vm.runInThisContext('1');"), "policy:node-module"],
    ["worker_threads", handler("void worker_threads;"), "policy:node-module"],
    ["a string naming fs", handler('const name = "fs";\nvoid name;'), "policy:node-module"],
    ["a string naming node:child_process", handler("const m = `node:child_process`;\nvoid m;"),
      "policy:node-module"],
    ["a string naming fs/promises", handler('const m = "node:fs/promises";\nvoid m;'),
      "policy:node-module"],
    ["fetch", handler('await fetch("https://example.com");'), "policy:network"],
    ["with", handler("with (input) { void body; }"), "policy:with"],
    ["assigning to an undeclared name", handler("leaked = 1;"), "policy:global-mutation"],
    ["incrementing an undeclared name", handler("counter++;"), "policy:global-mutation"],
    ["compound assignment to an undeclared name", handler("total += 1;"),
      "policy:global-mutation"],
    ["destructuring into an undeclared name", handler("[first] = [1];"),
      "policy:global-mutation"],
    ["destructuring into an undeclared shorthand", handler("({ second } = { second: 1 });"),
      "policy:global-mutation"],
    ["a for-of into an undeclared name", handler("for (item of [1]) { void 0; }"),
      "policy:global-mutation"],
    ["Math.x =", handler("Math.random = () => 4;"), "policy:global-mutation"],
    ["JSON.x =", handler("JSON.parse = () => ({});"), "policy:global-mutation"],
    ["Object.prototype", handler("(Object.prototype as any).isAdmin = true;"),
      "policy:global-mutation"],
    ["Array.prototype element", handler('Array.prototype["push"] = () => 0;'),
      "policy:global-mutation"],
    ["delete on a global", handler("delete (Math as any).PI;"), "policy:global-mutation"],
    ["Object.defineProperty on a global",
      handler('Object.defineProperty(Math, "x", { value: 1 });'), "policy:global-mutation"],
    ["Object.assign onto a global", handler("Object.assign(JSON, { x: 1 });"),
      "policy:global-mutation"],
    ["Reflect.set on a global", handler('Reflect.set(Date, "now", () => 0);'),
      "policy:global-mutation"],
    ["the constructor escape", handler('(() => 0).constructor("return 1")();'),
      "policy:prototype"],
    ["__proto__ by key", handler('const p = ({} as any)["__proto__"];\nvoid p;'),
      "policy:prototype"],
    ["another export", handler("", "export const LIMIT = 3;"), "policy:export"],
    ["a re-export", handler("", 'export { x } from "../schemas.js";'), "policy:export"],
    ["a default export", handler("", "export default 1;"), "policy:export"],
  ])("%s", (_label, source, rule) => {
    expect(rulesOf(source)).toContain(rule);
  });

  it("a file that does not export the handler", () => {
    const source = handler("return { status: 200 } as any;").replace("export async", "async");
    expect(rulesOf(source)).toEqual(["policy:export"]);
    expect(rulesOf(handler("").replace("function loginUser", "function login")))
      .toContain("policy:export");
  });
});

describe("a rejection", () => {
  it("names its rule and the line it was found on", () => {
    const source = handler("const a = 1;\nvoid a;\neval('2');");
    const [rejection] = checkPolicy(source, contract);

    expect(rejection!.rule).toBe("policy:eval");
    expect(rejection!.message).toMatch(/^policy:eval at line 7: /);
  });

  it("is given once per use", () => {
    const rejections = checkPolicy(handler("eval('1');\neval('2');"), contract);
    expect(rejections.map((r) => r.message.slice(0, 24))).toEqual([
      "policy:eval at line 5: `",
      "policy:eval at line 6: `",
    ]);
  });
});

describe("checkPolicy accepts", () => {
  it.each([
    ["changes to its own variables", "let n = 0;\nn += 1;\nn++;\nconst o: Record<string, " +
      "number> = {};\no.x = n;\ndelete o.x;\nlet a: number, b: number;\n[a, b] = [1, 2];\n" +
      "void a; void b;"],
    ["changes to its input", "input.body.username = input.body.username.trim();"],
    ["locals named like modules", "const net = 5;\nconst http = { get: () => net };\n" +
      "void http.get();"],
    ["members named like banned globals", "const p = { process: 1, eval: 2 };\n" +
      "void p.process;\nconst { eval: e } = p;\nvoid e;"],
    ["the types it is given", "const f: Function | undefined = undefined;\nvoid f;"],
    ["strings that merely mention modules", 'const s = "https://example.com/fs";\nvoid s;'],
    ["nested helper functions", "function double(x: number) {\n  let y = x;\n  y *= 2;\n" +
      "  return y;\n}\nvoid double(2);"],
    ["reading globals", "const now = Date.now();\nconst n = Math.max(1, now);\n" +
      "const j = JSON.stringify({ n });\nvoid j;"],
    ["throwing runtime problems", "throw new HttpProblem({ status: 401 });"],
  ])("%s", (_label, body) => {
    expect(checkPolicy(handler(body), contract)).toEqual([]);
  });

  it("imports of the four allowed modules", () => {
    const top = 'import type { UserRecord } from "../repositories.js";\n' +
      'import type * as S from "../schemas.js";';
    expect(checkPolicy(handler("", top), contract)).toEqual([]);
  });

  it.each(["loginUser", "getCurrentUser"])("the hand-written %s fill", (id) => {
    const source = readFileSync(path.join(AUTH_FILLS, `${id}.ts`), "utf8");
    expect(source).toContain('from "../runtime/index.js"');
    expect(checkPolicy(source, { id })).toEqual([]);
  });
});
