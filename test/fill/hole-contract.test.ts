import { describe, expect, it } from "vitest";

import { contentHash } from "../../compiler/content-hash.js";
import { RUNTIME_HELPERS } from "../../compiler/fill/contract-helpers.js";
import { MAX_TYPE_DEPTH } from "../../compiler/fill/contract-types.js";
import { buildHoleContract, contractHash } from "../../compiler/fill/hole-contract.js";
import { Repository } from "../../runtime/repository.js";
import * as runtime from "../../runtime/index.js";
import { loadAuth, modelOf, operation } from "./support.js";

const { model, workflows } = await loadAuth();
const login = buildHoleContract(model, operation(model, "loginUser"), workflows);
const profile = buildHoleContract(model, operation(model, "getCurrentUser"), workflows);

describe("a hole's contract", () => {
  it("names the operation and its fixed signature", () => {
    expect(login).toMatchObject({
      operationId: "loginUser",
      id: "loginUser",
      method: "POST",
      path: "/sessions",
      summary: "Sign in",
      rules: [],
      signature: "export async function loginUser(input: LoginUserInput, context: Context): " +
        "Promise<LoginUserResult>",
    });
    expect(login.description).toMatch(/^Exchanges a username and password/);
    expect(profile.description).toBeUndefined();
  });

  it("declares the input and result types as operations.ts does", () => {
    expect(login.types).toContain("type LoginUserInput = {");
    expect(login.types).toContain('body: S.Credentials');
    expect(login.types).toContain("type LoginUserResult =\n  | { status: 200;");
    expect(login.types).toContain("type Context = HandlerContext<Repositories>;");
  });

  it("declares the record types and only the schema types that are referenced", () => {
    expect(login.types).toContain("type UserRecord = { createdAt: string; email: string; " +
      "id: string; password: string; username: string; };");
    expect(login.types).toContain("interface Repositories { users: Repository<UserRecord, " +
      "S.UserInput>; }");
    for (const name of ["Credentials", "Session", "Problem", "ValidationIssue", "UserInput"]) {
      expect(login.types).toContain(`type ${name} = `);
    }
    expect(login.types).not.toContain("type User = ");
    expect(profile.types).toContain("type User = ");
    expect(profile.types).not.toContain("type Credentials = ");
  });

  it("lists the runtime helpers, the repository methods and the principal", () => {
    for (const name of RUNTIME_HELPERS) expect(login.helpers).toContain(name);
    for (const method of ["insert", "get", "findOne", "list", "update", "replace", "delete"]) {
      expect(login.helpers).toMatch(new RegExp(`^  ${method}\\(`, "m"));
    }
    expect(login.helpers).toContain("context.principal?: { scheme: string; subject: string;");
    expect(login.helpers).toContain("email (ignoring case)");
    expect(login.helpers).toContain("This operation is open");
    expect(profile.helpers).toContain("Secured by bearerAuth");
  });

  it("shows the operation's examples and the workflow steps that call it", () => {
    expect(login.examples).toContain('request example "ada" (application/json): ' +
      '{"username":"ada","password":"correct horse battery staple"}');
    expect(login.examples.some((e) => e.startsWith('response 200 example "token"'))).toBe(true);

    const steps = login.examples.filter((e) => e.startsWith("workflow "));
    expect(steps).toHaveLength(4);
    expect(steps[1]).toContain("step login; sends body");
    expect(steps[1]).toContain("expects $statusCode == 401");
    expect(profile.examples.every((e) => !e.includes("step login;"))).toBe(true);
  });

  it("has no workflow steps when no workflows are given", () => {
    const alone = buildHoleContract(model, operation(model, "loginUser"));
    expect(alone.examples.some((e) => e.startsWith("workflow "))).toBe(false);
  });
});

describe("the contract's hash", () => {
  it("is the sha256 of every other field", () => {
    const { hash, ...rest } = login;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(contentHash(rest));
    expect(contractHash(login)).toBe(hash);
  });

  it("is the same for the same model, built again", async () => {
    const again = await loadAuth();
    const rebuilt = buildHoleContract(again.model, operation(again.model, "loginUser"),
      again.workflows);
    expect(rebuilt.hash).toBe(login.hash);
  });

  it("changes when the description changes", () => {
    const op = operation(model, "loginUser");
    const changed = buildHoleContract(model, { ...op, description: `${op.description} More.` },
      workflows);
    expect(changed.hash).not.toBe(login.hash);
  });

  it("changes when a rule or a workflow changes", () => {
    const op = operation(model, "loginUser");
    const ruled = buildHoleContract(model, { ...op, rules: ["Lock after five failures."] },
      workflows);
    const text = workflows.text.replace("$statusCode == 401", "$statusCode == 403");
    const reworked = buildHoleContract(model, op, { ...workflows, text });

    expect(ruled.hash).not.toBe(login.hash);
    expect(reworked.hash).not.toBe(login.hash);
  });

  it("does not depend on where the workflows file is", () => {
    const moved = buildHoleContract(model, operation(model, "loginUser"),
      { file: "/elsewhere/auth.arazzo.yaml", text: workflows.text });
    expect(moved.hash).toBe(login.hash);
  });
});

describe("rules and type depth", () => {
  const spec = (rules: string) => `
openapi: 3.1.0
info: { title: Inline, version: 1.0.0 }
paths:
  /chains:
    post:
      operationId: makeChain
      ${rules}
      responses:
        "200":
          description: A chain.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/A" }
components:
  schemas:
    A: { type: object, properties: { b: { $ref: "#/components/schemas/B" } } }
    B: { type: object, properties: { c: { $ref: "#/components/schemas/C" } } }
    C: { type: object, properties: { d: { $ref: "#/components/schemas/D" } } }
    D: { type: object, properties: { e: { $ref: "#/components/schemas/E" } } }
    E: { type: object, properties: { f: { $ref: "#/components/schemas/F" } } }
    F: { type: object, properties: { name: { type: string } } }
`;

  it("reads x-spec2svc-rules as one string or a list", async () => {
    const one = await modelOf(spec('x-spec2svc-rules: "A chain has at most ten links."'));
    const list = await modelOf(spec('x-spec2svc-rules: ["First rule.", "  Second rule. "]'));

    expect(buildHoleContract(one, one.operations[0]!).rules)
      .toEqual(["A chain has at most ten links."]);
    expect(buildHoleContract(list, list.operations[0]!).rules)
      .toEqual(["First rule.", "Second rule."]);
  });

  it(`expands schema types ${MAX_TYPE_DEPTH} references deep and names the rest`, async () => {
    const chain = await modelOf(spec(""));
    const contract = buildHoleContract(chain, chain.operations[0]!);

    for (const name of ["A", "B", "C", "D"]) expect(contract.types).toContain(`type ${name} = `);
    expect(contract.types).not.toContain("type E = ");
    expect(contract.types).toContain("// deeper types not shown: E");
    expect(contract.helpers).not.toContain("context.repositories");
  });
});

describe("the helper table", () => {
  it("names functions the runtime exports", () => {
    const exported = runtime as unknown as Record<string, unknown>;
    for (const name of RUNTIME_HELPERS) expect(typeof exported[name]).toBe("function");
  });

  it("names methods the runtime's repository has", () => {
    for (const method of ["insert", "get", "findOne", "list", "update", "replace", "delete"]) {
      expect(typeof (Repository.prototype as unknown as Record<string, unknown>)[method])
        .toBe("function");
    }
  });
});
