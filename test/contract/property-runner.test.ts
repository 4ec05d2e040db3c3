import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ContractRequest, Target } from "../../contract/exchange.js";
import {
  runProperties,
  type PropertyOperation,
} from "../../contract/property/run-properties.js";
import type { JsonSchema } from "../../contract/property/schema-tools.js";
import { urlTarget } from "../../contract/url-target.js";

const ITEM = {
  type: "object",
  required: ["id", "name"],
  properties: { id: { type: "integer", minimum: 1 }, name: { type: "string" } },
  additionalProperties: false,
};

const DEFS = {
  Item: ITEM,
  NewItem: {
    type: "object",
    required: ["name"],
    properties: {
      id: { type: "integer", readOnly: true },
      name: { type: "string", minLength: 1, maxLength: 20 },
      tags: { type: "array", items: { type: "string" }, maxItems: 3 },
    },
    additionalProperties: false,
  },
};

const json = (schema: JsonSchema) => ({ mediaTypes: { "application/json": schema } });

/**
 * Only success statuses are documented, so a valid request that a service
 * refuses (a serialization mistake) fails the documented-response property.
 */
const OPERATIONS: PropertyOperation[] = [
  {
    operationId: "getItem",
    method: "get",
    path: "/items/{id}",
    parameters: [
      { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } },
      { name: "verbose", in: "query", required: false, schema: { type: "boolean" } },
    ],
    responses: { "200": json({ $ref: "#/$defs/Item" }) },
    security: [],
  },
  {
    operationId: "listItems",
    method: "get",
    path: "/items",
    parameters: [
      { name: "limit", in: "query", required: true,
        schema: { type: "integer", minimum: 1, maximum: 50 } },
      { name: "tag", in: "query", required: false,
        schema: { type: "array", items: { type: "string", minLength: 1 } } },
      { name: "filter", in: "query", required: false, style: "deepObject", explode: true,
        schema: { type: "object", properties: { name: { type: "string", maxLength: 5 } },
          additionalProperties: false } },
      { name: "X-Request-Id", in: "header", required: false,
        schema: { type: "string", pattern: "^[a-z0-9-]{1,20}$" } },
      { name: "session", in: "cookie", required: false, schema: { type: "string" } },
    ],
    responses: { "200": json({ type: "array", items: { $ref: "#/$defs/Item" } }) },
    security: [],
  },
  {
    operationId: "createItem",
    method: "post",
    path: "/items",
    parameters: [],
    body: { mediaType: "application/json", schema: { $ref: "#/$defs/NewItem" }, required: true },
    responses: { "201": json({ $ref: "#/$defs/Item" }), "4XX": { mediaTypes: {} } },
    security: [],
  },
  {
    operationId: "deleteItem",
    method: "delete",
    path: "/items/{id}",
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
    responses: { "204": { mediaTypes: {} } },
    security: [{ bearer: [] }],
  },
];

interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (req: IncomingMessage, url: URL, body: string) => Reply;

/** A correct service: it checks every input, answers 4xx to bad ones and never fails. */
const correct: Handler = (req, url, body) => {
  const segments = url.pathname.split("/").slice(1);
  if (segments[0] !== "items" || segments.length > 2) return { status: 404 };

  if (segments.length === 2) return itemRoute(req, url, decodeURIComponent(segments[1]!));
  if (req.method === "GET") return listItems(req, url);
  if (req.method === "POST") return createItem(req, body);
  return { status: 405 };
};

function itemRoute(req: IncomingMessage, url: URL, id: string): Reply {
  if (!/^-?\d+$/.test(id)) return { status: 400 };
  if (req.method === "DELETE") {
    return req.headers.authorization === "Bearer good" ? { status: 204 } : { status: 401 };
  }

  const verbose = url.searchParams.get("verbose");
  if (verbose !== null && verbose !== "true" && verbose !== "false") return { status: 400 };
  if (Number(id) < 1) return { status: 400 };
  return { status: 200, body: { id: Number(id), name: `item ${id}` } };
}

function listItems(req: IncomingMessage, url: URL): Reply {
  const limit = url.searchParams.get("limit") ?? "";
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 50) return { status: 400 };
  if (url.searchParams.getAll("tag").some((tag) => tag === "")) return { status: 400 };
  if ((url.searchParams.get("filter[name]") ?? "").length > 5) return { status: 400 };

  const keys = [...url.searchParams.keys()];
  const known = (key: string) => ["limit", "tag", "verbose", "filter[name]"].includes(key);
  if (keys.some((key) => key.startsWith("filter[") && !known(key))) return { status: 400 };

  const id = req.headers["x-request-id"];
  if (id !== undefined && !/^[a-z0-9-]{1,20}$/.test(String(id))) return { status: 400 };
  return { status: 200, body: [{ id: 1, name: "first" }] };
}

function createItem(req: IncomingMessage, text: string): Reply {
  if (req.headers["content-type"] !== "application/json") return { status: 415 };

  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch {
    return { status: 400 };
  }
  if (!validNewItem(item)) return { status: 400 };
  return { status: 201, body: { id: 7, name: item.name } };
}

function validNewItem(value: unknown): value is { name: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { name, tags, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return false;
  if (typeof name !== "string" || [...name].length < 1 || [...name].length > 20) return false;
  if (tags === undefined) return true;
  return Array.isArray(tags) && tags.length <= 3 && tags.every((t) => typeof t === "string");
}

/** Fails on valid ids above 1000, as a service storing ids in too small a column might. */
const overflowing: Handler = (req, url, body) => {
  const id = /^\/items\/(\d+)$/.exec(url.pathname)?.[1];
  if (req.method === "GET" && id !== undefined && Number(id) > 1000) return { status: 500 };
  return correct(req, url, body);
};

/** Answers with an item whose name is a number once an id has two digits. */
const misshapen: Handler = (req, url, body) => {
  const reply = correct(req, url, body);
  const id = /^\/items\/(\d+)$/.exec(url.pathname)?.[1];
  if (reply.status !== 200 || id === undefined || id.length < 2) return reply;
  return { status: 200, body: { id: Number(id), name: Number(id) } };
};

async function serve(handler: Handler): Promise<{ server: Server; target: Target }> {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => respond(res, handler(req, new URL(req.url ?? "/", "http://x"), body)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, target: urlTarget(`http://127.0.0.1:${port}`) };
}

function respond(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json" })
    .end(JSON.stringify(reply.body));
}

function recording(): { target: Target; requests: ContractRequest[] } {
  const requests: ContractRequest[] = [];
  return {
    requests,
    target: {
      async send(request) {
        requests.push(request);
        return { status: 204, headers: {}, body: undefined, text: "" };
      },
    },
  };
}

const credentials = (operationId: string) =>
  (operationId === "deleteItem" ? { Authorization: "Bearer good" } : undefined);

describe("runProperties", () => {
  const servers: Server[] = [];
  const start = async (handler: Handler) => {
    const { server, target } = await serve(handler);
    servers.push(server);
    return target;
  };

  let correctTarget: Target;
  beforeAll(async () => {
    correctTarget = await start(correct);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("passes against a correct service", async () => {
    const report = await runProperties({
      operations: OPERATIONS, defs: DEFS, target: correctTarget, seed: 1234, credentials,
    });

    expect(report.failures.map((f) => f.message)).toEqual([]);
    expect(report.results).toHaveLength(OPERATIONS.length * 2);
    expect(report.results.every((r) => r.outcome === "passed" && r.runs === 25)).toBe(true);
  });

  it("passes over many seeds with more runs", async () => {
    for (const seed of [1, 2, 3]) {
      const report = await runProperties({
        operations: OPERATIONS, defs: DEFS, target: correctTarget, seed, runs: 60, credentials,
      });
      expect(report.failures.map((f) => f.message)).toEqual([]);
    }
  });

  it("fails with the seed and the shrunk request against a service that errs", async () => {
    const target = await start(overflowing);
    const report = await runProperties({
      operations: OPERATIONS, defs: DEFS, target, seed: 42, runs: 100, credentials,
    });

    const failure = report.failures.find((f) => f.property === "documented-response")!;
    expect(failure).toMatchObject({ rule: "server-error", operationId: "getItem" });
    expect(failure.request.path).toBe("/items/1001");
    expect(failure.response?.status).toBe(500);
    expect(failure.replay).toMatchObject({ seed: 42, property: "documented-response" });
    expect(failure.message).toContain("seed 42");
    expect(failure.message).toContain(`counterexample path "${failure.replay.path}"`);
    expect(failure.message).toContain("request: GET /items/1001");

    const anyInput = report.failures.find((f) => f.property === "no-server-error");
    expect(anyInput?.operationId).toBe("getItem");
  });

  it("replays a failure from its seed and path", async () => {
    const target = await start(overflowing);
    const first = await runProperties({
      operations: OPERATIONS, defs: DEFS, target, seed: 7, runs: 100, credentials,
    });
    const failure = first.failures[0]!;

    const again = await runProperties({
      operations: OPERATIONS, defs: DEFS, target, credentials, replay: failure.replay,
    });

    expect(again.results).toHaveLength(1);
    expect(again.failures).toHaveLength(1);
    expect(again.failures[0]!.request).toEqual(failure.request);
  });

  it("reports a body that does not match the documented schema", async () => {
    const target = await start(misshapen);
    const report = await runProperties({
      operations: OPERATIONS.slice(0, 1), defs: DEFS, target, seed: 3, runs: 50,
    });

    const failure = report.failures[0]!;
    expect(failure.rule).toBe("response-schema");
    expect(failure.request.path).toBe("/items/10");
    expect(failure.message).toContain("must be string");
  });

  it("counts a 401 as undocumented when valid requests lack credentials", async () => {
    const report = await runProperties({
      operations: OPERATIONS.slice(3), defs: DEFS, target: correctTarget, seed: 5,
    });

    const failure = report.failures.find((f) => f.property === "documented-response")!;
    expect(failure.rule).toBe("status-undocumented");
    expect(failure.response?.status).toBe(401);
  });

  it("sends the same requests for the same seed", async () => {
    const run = async (seed: number) => {
      const { target, requests } = recording();
      await runProperties({ operations: OPERATIONS, defs: DEFS, target, seed, credentials });
      return requests;
    };

    const first = await run(99);
    expect(first.length).toBeGreaterThan(0);
    expect(await run(99)).toEqual(first);
    expect(await run(100)).not.toEqual(first);
  });

  it("fails a request that takes longer than the timeout", async () => {
    const hanging: Target = { send: () => new Promise(() => {}) };
    const report = await runProperties({
      operations: OPERATIONS.slice(0, 1), defs: DEFS, target: hanging, seed: 1, runs: 3,
      timeout: 20,
    });

    expect(report.failures.map((f) => f.rule)).toEqual(["request-error", "request-error"]);
    expect(report.failures[0]!.message).toContain("timeout");
  });

  it("skips a property whose valid requests cannot be generated", async () => {
    const operation: PropertyOperation = {
      operationId: "upload",
      method: "post",
      path: "/files",
      parameters: [],
      body: { mediaType: "multipart/form-data", schema: { type: "object" }, required: true },
      responses: { "201": { mediaTypes: {} } },
    };
    const { target } = recording();
    const report = await runProperties({ operations: [operation], target, seed: 1 });

    expect(report.results).toContainEqual(expect.objectContaining({
      property: "documented-response", outcome: "skipped",
    }));
  });
});
