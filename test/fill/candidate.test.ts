import path from "node:path";

import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";

import { assembleHandler, extractBody, isRejection } from "../../compiler/fill/candidate.js";
import { buildHoleContract } from "../../compiler/fill/hole-contract.js";
import { checkPolicy } from "../../compiler/fill/policy.js";
import { REPO_ROOT } from "../support/build-fixture.js";
import { loadAuth, operation } from "./support.js";

const { model, workflows } = await loadAuth();
const login = buildHoleContract(model, operation(model, "loginUser"), workflows);
const profile = buildHoleContract(model, operation(model, "getCurrentUser"), workflows);

const fenced = (code: string, language = "ts") => `\`\`\`${language}\n${code}\n\`\`\``;

const LOGIN_BODY = `const TOKEN_LIFETIME_SECONDS = 3600;
const { username, password } = input.body;
const user = await context.repositories.users.findOne({ username });

const valid = user ? await verifyPassword(password, user.password) : await dummyVerify(password);
if (!user || !valid) {
  throw new HttpProblem({
    status: 401,
    detail: "The username or the password is wrong.",
    headers: { "WWW-Authenticate": 'Bearer realm="auth"' },
  });
}

const accessToken = await issueToken({ sub: user.id }, { expiresIn: TOKEN_LIFETIME_SECONDS });
return {
  status: 200,
  body: { accessToken, tokenType: "Bearer", expiresIn: TOKEN_LIFETIME_SECONDS },
};`;

describe("extractBody", () => {
  it.each([
    ["a ts block", fenced("return { status: 200 };")],
    ["a typescript block", fenced("return { status: 200 };", "typescript")],
    ["an unmarked block", fenced("return { status: 200 };", "")],
    ["a block with blank lines around", `\n\n${fenced("return { status: 200 };")}\n\n`],
  ])("takes the body out of %s", (_label, reply) => {
    expect(extractBody(reply)).toEqual({ body: "return { status: 200 };" });
  });

  it("keeps helper functions and constants declared in the body", () => {
    const body = "const LIMIT = 3;\nfunction twice(n: number) {\n  return n * 2;\n}\n" +
      "return { status: 200, body: twice(LIMIT) };";
    expect(extractBody(fenced(body), "loginUser")).toEqual({ body });
  });

  it.each([
    ["no fenced block", "return { status: 200 };", "no ```ts fenced block"],
    ["two fenced blocks", `${fenced("const a = 1;")}\n${fenced("return a;")}`, "2 fenced blocks"],
    ["another language", fenced("print(1)", "python"), "marked `python`"],
    ["text before the block", `Here is the body:\n${fenced("return 1;")}`, "text outside"],
    ["text after the block", `${fenced("return 1;")}\nHope this helps.`, "text outside"],
    ["an empty block", fenced("   "), "empty"],
    ["an import", fenced('import fs from "node:fs";\nreturn 1;'), "an import"],
    ["an export", fenced("export const x = 1;"), "an export"],
    ["the named function", fenced(
      "async function loginUser(input: any, context: any) {\n  return 1;\n}"), "whole function"],
    ["the exported function", fenced("export async function loginUser(input, context) {\n" +
      "  return 1;\n}"), "an export"],
  ])("refuses %s as a shape problem", (_label, reply, message) => {
    const result = extractBody(reply, "loginUser");
    expect(result).toMatchObject({ rule: "shape" });
    expect((result as { message: string }).message).toContain(message);
  });

  it("refuses a lone async function as a wrapper when the hole's name is not given", () => {
    const reply = fenced("async function handler(input: any, context: any) {\n  return 1;\n}");
    expect(extractBody(reply)).toMatchObject({ rule: "shape" });
  });

  it("refuses a body that does not parse, naming the line", () => {
    const result = extractBody(fenced("const a = 1;\nconst b = ;\nreturn a;"));
    expect(result).toMatchObject({ rule: "parse" });
    expect((result as { message: string }).message).toMatch(/^line 2: /);
  });

  it("tells rejections from bodies", () => {
    expect(isRejection(extractBody("nothing"))).toBe(true);
    expect(isRejection(extractBody(fenced("return 1;")))).toBe(false);
  });
});

describe("assembleHandler", () => {
  const source = assembleHandler(login, LOGIN_BODY);

  it("writes the fixed imports the body uses, and no others", () => {
    const lines = source.split("\n");
    expect(lines[0]).toMatch(/^\/\/ The hole loginUser \(POST \/sessions\)/);
    expect(lines).toContain(
      "import { HttpProblem, verifyPassword, dummyVerify, issueToken } " +
        'from "../runtime/index.js";');
    expect(lines).toContain(
      'import type { Context, LoginUserInput, LoginUserResult } from "../operations.js";');
    expect(source).not.toContain("hashPassword");
    expect(source).not.toContain("../schemas.js");
    expect(source).not.toContain("../repositories.js");
  });

  it("imports schema and record types when the body names them", () => {
    const body = "const user: UserRecord | undefined = undefined;\n" +
      "const problem: S.Problem = { title: 'x', status: 400 };\nvoid user;\nthrow problem;";
    const typed = assembleHandler(login, body);
    expect(typed).toContain('import type { UserRecord } from "../repositories.js";');
    expect(typed).toContain('import type * as S from "../schemas.js";');
  });

  it("imports nothing for names that appear only in strings", () => {
    const body = 'return { status: 200, body: { accessToken: "issueToken HttpProblem", ' +
      'tokenType: "Bearer", expiresIn: 1 } };';
    expect(assembleHandler(login, body)).not.toContain("../runtime/index.js");
  });

  it("wraps the body in the documented, exported function", () => {
    expect(source).toContain("/**\n * Sign in\n *\n * POST /sessions\n *\n * Exchanges a");
    expect(source).toContain("export async function loginUser(\n  input: LoginUserInput,\n" +
      "  context: Context,\n): Promise<LoginUserResult> {\n  const TOKEN_LIFETIME_SECONDS");
    expect(source.endsWith("  };\n}\n")).toBe(true);
  });

  it("re-indents the body but leaves template literal lines alone", () => {
    const body = "    const text = `first\n  second\n    third`;\n" +
      "    return { status: 200, body: text };";
    const assembled = assembleHandler(login, body);
    expect(assembled).toContain("  const text = `first\n  second\n    third`;\n" +
      "  return { status: 200, body: text };\n}");
  });

  it("passes the policy", () => {
    expect(checkPolicy(source, login)).toEqual([]);
    expect(checkPolicy(assembleHandler(profile, "return { status: 200, body: " +
      "(await context.repositories.users.get(context.principal!.subject))! };"), profile))
      .toEqual([]);
  });

  it("type-checks against the generated auth service", () => {
    const project = new Project({
      tsConfigFilePath: path.join(REPO_ROOT, "generated/auth/tsconfig.json"),
      skipAddingFilesFromTsConfig: true,
    });
    const handler = path.join(REPO_ROOT, "generated/auth/src/handlers/loginUser.ts");
    project.addSourceFilesAtPaths(path.join(REPO_ROOT, "generated/auth/src/**/*.ts"));
    const file = project.createSourceFile(handler, source, { overwrite: true });

    const problems = project.getPreEmitDiagnostics()
      .filter((d) => d.getSourceFile()?.getFilePath() === file.getFilePath())
      .map((d) => d.getMessageText());
    expect(problems).toEqual([]);
  });
});
