import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../runtime/create-app.js";
import type { ParameterDefinition, RouteDefinition } from "../../runtime/route.js";
import { captureLogger, param, paramsValidator, route } from "./support.js";

interface Case {
  name: string;
  path: string;
  parameter: ParameterDefinition;
  schema: Record<string, unknown>;
  url: string;
  headers?: Record<string, string>;
  want: unknown;
}

const integers = { type: "array", items: { type: "integer" } };
const point = { type: "object", properties: { x: { type: "integer" }, y: { type: "integer" } } };

const CASES: Case[] = [
  {
    name: "path simple array of integers",
    path: "/items/{ids}",
    parameter: param("path", "ids", { shape: "array" }),
    schema: integers,
    url: "/items/1,2,3",
    want: [1, 2, 3],
  },
  {
    name: "path label exploded object",
    path: "/points/{p}",
    parameter: param("path", "p", { style: "label", shape: "object", explode: true }),
    schema: point,
    url: "/points/.x=1.y=2",
    want: { x: 1, y: 2 },
  },
  {
    name: "path matrix integer",
    path: "/items/{id}/detail",
    parameter: param("path", "id", { style: "matrix" }),
    schema: { type: "integer" },
    url: "/items/;id=7/detail",
    want: 7,
  },
  {
    name: "query form array of one item",
    path: "/q",
    parameter: param("query", "ids", { shape: "array" }),
    schema: integers,
    url: "/q?ids=5",
    want: [5],
  },
  {
    name: "query form unexploded array",
    path: "/q",
    parameter: param("query", "ids", { shape: "array", explode: false }),
    schema: integers,
    url: "/q?ids=1,2",
    want: [1, 2],
  },
  {
    name: "query deepObject",
    path: "/q",
    parameter: param("query", "p", { style: "deepObject", shape: "object" }),
    schema: point,
    url: "/q?p[x]=1&p[y]=-2",
    want: { x: 1, y: -2 },
  },
  {
    name: "query pipeDelimited booleans",
    path: "/q",
    parameter: param("query", "flags", { style: "pipeDelimited", shape: "array", explode: false }),
    schema: { type: "array", items: { type: "boolean" } },
    url: "/q?flags=true|false",
    want: [true, false],
  },
  {
    name: "query spaceDelimited numbers",
    path: "/q",
    parameter: param("query", "xs", { style: "spaceDelimited", shape: "array", explode: false }),
    schema: { type: "array", items: { type: "number" } },
    url: "/q?xs=1.5%202",
    want: [1.5, 2],
  },
  {
    name: "query exploded object without a property list",
    path: "/q",
    parameter: param("query", "p", { shape: "object" }),
    schema: point,
    url: "/q?x=3&y=4",
    want: { x: 3, y: 4 },
  },
  {
    name: "header integer, any case",
    path: "/h",
    parameter: param("header", "X-Rate-Limit"),
    schema: { type: "integer" },
    url: "/h",
    headers: { "x-RATE-limit": "10" },
    want: 10,
  },
  {
    name: "header array",
    path: "/h",
    parameter: param("header", "X-Tags", { shape: "array" }),
    schema: { type: "array", items: { type: "string" } },
    url: "/h",
    headers: { "X-Tags": "a, b" },
    want: ["a", "b"],
  },
  {
    name: "cookie integer",
    path: "/c",
    parameter: param("cookie", "page"),
    schema: { type: "integer" },
    url: "/c",
    headers: { Cookie: "session=abc; page=3" },
    want: 3,
  },
];

function echoApp(c: Case) {
  const definition: RouteDefinition = route({
    path: c.path,
    parameters: [c.parameter],
    validateParams: paramsValidator({ [c.parameter.in]: { [c.parameter.name]: c.schema } }),
  });
  const service = { name: "echo", version: "1", routes: [definition] };
  return createApp(service, { logger: captureLogger().logger });
}

describe("parameters over HTTP", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("deserializes and coerces %s", async (_n, c) => {
    const res = await request(echoApp(c)).get(c.url).set(c.headers ?? {});

    expect(res.status).toBe(200);
    expect(res.body[c.parameter.in][c.parameter.name]).toEqual(c.want);
  });

  it("reports a parameter that breaks its style as a 400 issue", async () => {
    const c = CASES[2] as Case;
    const res = await request(echoApp(c)).get("/items/7/detail");

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        in: "path",
        name: "id",
        pointer: "",
        keyword: "style",
        message: 'must start with ";id=" (matrix style)',
      },
    ]);
  });
});

describe("awkward path templates", () => {
  const templates = [
    { template: "/users/{user-id}", url: "/users/u%201", name: "user-id", want: "u 1" },
    { template: "/things/{id}:archive", url: "/things/42:archive", name: "id", want: "42" },
    { template: "/v1/(beta)/{item.id}", url: "/v1/(beta)/x", name: "item.id", want: "x" },
    { template: "/a+b/[c]/{x}!*", url: "/a+b/[c]/y!*", name: "x", want: "y" },
    { template: "/files/{name}.{ext}", url: "/files/report.pdf", name: "ext", want: "pdf" },
  ];

  it.each(templates)("serves $template", async ({ template, url, name, want }) => {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    const definition = route({
      path: template,
      parameters: names.map((parameter) => param("path", parameter)),
    });
    const app = createApp({ name: "t", version: "1", routes: [definition] }, {
      logger: captureLogger().logger,
    });

    const res = await request(app).get(url);

    expect(res.status).toBe(200);
    expect(res.body.path[name]).toBe(want);
  });

  it("does not treat literal characters as pattern syntax", async () => {
    const definition = route({ path: "/a+b/[c]/{x}!*", parameters: [param("path", "x")] });
    const app = createApp({ name: "t", version: "1", routes: [definition] }, {
      logger: captureLogger().logger,
    });

    expect((await request(app).get("/aab/c/y")).status).toBe(404);
    expect((await request(app).get("/a+b/[c]/y!*")).status).toBe(200);
  });
});

describe("templates that differ only in parameter names", () => {
  it("serve as one path, each reading its own names", async () => {
    const routes = [
      route({ operationId: "getUser", path: "/users/{id}", parameters: [param("path", "id")] }),
      route({
        operationId: "deleteUser",
        method: "delete",
        path: "/users/{userId}",
        parameters: [param("path", "userId")],
      }),
    ];
    const app = createApp({ name: "t", version: "1", routes }, { logger: captureLogger().logger });

    const got = await request(app).get("/users/7");
    const deleted = await request(app).delete("/users/8");
    const put = await request(app).put("/users/9");

    expect(got.body.path).toEqual({ id: "7" });
    expect(deleted.body.path).toEqual({ userId: "8" });
    expect(put.status).toBe(405);
    expect(put.headers["allow"]).toBe("DELETE, GET, HEAD");
  });
});
