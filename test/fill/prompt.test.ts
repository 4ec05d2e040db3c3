import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import type { Rejection } from "../../compiler/fill/fill-types.js";
import { buildHoleContract } from "../../compiler/fill/hole-contract.js";
import { allowedImports, buildPrompt, promptText } from "../../compiler/fill/prompt.js";
import { REPO_ROOT } from "../support/build-fixture.js";
import { holes, loadAuth, operation } from "./support.js";

const { model, workflows } = await loadAuth();
const contracts = holes(model).map((op) => buildHoleContract(model, op, workflows));
const login = buildHoleContract(model, operation(model, "loginUser"), workflows);

const TOKEN_BUDGET = 3_000;
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

const generatedTests = path.join(REPO_ROOT, "generated/auth/test");
const caseNames = (JSON.parse(readFileSync(path.join(generatedTests, "contract.json"), "utf8")) as
  { cases: Array<{ name: string }> }).cases.map((c) => c.name);
const testLines = readFileSync(path.join(generatedTests, "contract.test.ts"), "utf8")
  .split("\n").map((line) => line.trim()).filter((line) => line.length >= 20);

describe("the prompt", () => {
  it("covers every hole of the auth example", () => {
    expect(contracts.map((c) => c.operationId).sort()).toEqual(["getCurrentUser", "loginUser"]);
  });

  it.each(contracts.map((c) => [c.operationId, c] as const))(
    "for %s stays under 3,000 tokens",
    (_id, contract) => {
      expect(estimateTokens(promptText(buildPrompt(contract)))).toBeLessThan(TOKEN_BUDGET);
    },
  );

  it.each(contracts.map((c) => [c.operationId, c] as const))(
    "for %s holds no text of the contract tests",
    (_id, contract) => {
      const text = promptText(buildPrompt(contract));
      expect(caseNames.length).toBeGreaterThan(20);
      expect(caseNames.filter((name) => text.includes(name))).toEqual([]);
      expect(testLines.filter((line) => text.includes(line))).toEqual([]);
      for (const phrase of ["body without required", "no body at all", "unknown property",
        "contract.json", "runCase"]) {
        expect(text).not.toContain(phrase);
      }
    },
  );

  it("asks for the body alone and lists the fixed imports", () => {
    const [system] = buildPrompt(login);

    expect(system!.role).toBe("system");
    expect(system!.content).toContain("ONLY the body of the function");
    expect(system!.content).toContain("```ts fenced block");
    for (const line of allowedImports(login)) expect(system!.content).toContain(line);
    expect(allowedImports(login)).toContain(
      'import type { Context, LoginUserInput, LoginUserResult } from "../operations.js";');
    expect(allowedImports(login)).toContain(
      'import type { UserRecord } from "../repositories.js";');
  });

  it("gives the contract: signature, description, types, helpers and examples", () => {
    const user = buildPrompt(login)[1]!;

    expect(user.role).toBe("user");
    expect(user.content).toContain("Operation loginUser: POST /sessions");
    expect(user.content).toContain(`${login.signature} {`);
    expect(user.content).toContain(login.description);
    expect(user.content).toContain(login.types);
    expect(user.content).toContain(login.helpers);
    for (const example of login.examples) expect(user.content).toContain(example);
  });

  it("lists business rules when the operation has them", () => {
    const contract = { ...login, rules: ["Lock the account after five failures."] };
    expect(buildPrompt(contract)[1]!.content)
      .toContain("Business rules:\n- Lock the account after five failures.");
  });
});

describe("the retry prompt", () => {
  const rejections: Rejection[] = [
    { rule: "policy:process", message: "policy:process at line 4: `process` reaches the " +
      "environment and the process; a fill may not do this" },
    { rule: "typecheck", message: "line 7: Type 'string' is not assignable to type 'number'." },
  ];
  const previous = "```ts\nreturn { status: 200, body: process.env.X };\n```";
  const messages = buildPrompt(login, { previous, rejections });

  it("replays the refused answer", () => {
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(messages[2]!.content).toBe(previous);
  });

  it("contains each rejection message exactly", () => {
    const retry = messages[3]!.content;
    for (const rejection of rejections) {
      expect(retry).toContain(rejection.message);
      expect(retry).toContain(`[${rejection.rule}]`);
    }
  });

  it("stays within the budget with a long refused answer", () => {
    const long = buildPrompt(login, { previous: "x".repeat(2_000), rejections });
    expect(estimateTokens(promptText(long))).toBeLessThan(TOKEN_BUDGET);
  });
});

describe("promptText", () => {
  it("joins the messages under their roles", () => {
    const text = promptText([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hello." },
    ]);
    expect(text).toBe("## system\n\nBe brief.\n\n## user\n\nHello.");
  });
});
