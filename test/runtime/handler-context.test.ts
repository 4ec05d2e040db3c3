import { request as httpRequest } from "node:http";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../runtime/create-app.js";
import type { HandlerContext } from "../../runtime/route.js";
import { startServer } from "../../runtime/server.js";
import { captureLogger, route } from "./support.js";

describe("handler context", () => {
  it("names the operation and logs through a child logger", async () => {
    const { logger, lines } = captureLogger();
    const definition = route({
      operationId: "greet",
      path: "/greet",
      handler: async (_input, context) => {
        context.log.info({ password: "pw" }, "greeting");
        return { status: 200, body: { operationId: context.operationId } };
      },
    });
    const app = createApp({ name: "s", version: "1", routes: [definition] }, { logger });

    const res = await request(app).get("/greet");

    expect(res.body).toEqual({ operationId: "greet" });
    expect(lines.find((line) => line["msg"] === "greeting")).toMatchObject({
      operationId: "greet",
      password: "[redacted]",
    });
  });

  it("aborts the signal when the client disconnects", async () => {
    let context: HandlerContext | undefined;
    let entered: () => void = () => {};
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    const definition = route({
      path: "/wait",
      handler: async (_input, ctx) => {
        context = ctx;
        entered();
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        return { status: 200 };
      },
    });
    const app = createApp({ name: "s", version: "1", routes: [definition] }, {
      logger: captureLogger().logger,
    });
    const running = await startServer(app, { port: 0, host: "127.0.0.1" });

    const client = httpRequest(`${running.url}/wait`);
    client.on("error", () => {});
    client.end();
    await handlerEntered;
    expect(context?.signal.aborted).toBe(false);

    client.destroy();
    await new Promise((resolve) => context?.signal.addEventListener("abort", resolve));
    expect(context?.signal.aborted).toBe(true);
    await running.close();
  });
});

describe("response edge cases", () => {
  it("sends no body with 304", async () => {
    const definition = route({
      path: "/cached",
      handler: async () => ({ status: 304, headers: { ETag: '"v1"' }, body: { stale: true } }),
    });
    const app = createApp({ name: "s", version: "1", routes: [definition] }, {
      logger: captureLogger().logger,
    });

    const res = await request(app).get("/cached");

    expect(res.status).toBe(304);
    expect(res.headers["etag"]).toBe('"v1"');
    expect(res.text).toBe("");
  });

  it("redacts through a circular shape table", async () => {
    const tree = {
      name: "root",
      token: "t0",
      children: [{ name: "leaf", token: "t1", children: [] }],
    };
    const definition = route({
      path: "/tree",
      redactions: { "200": { ref: "Node" } },
      handler: async () => ({ status: 200, body: tree }),
    });
    const service = {
      name: "s",
      version: "1",
      routes: [definition],
      redactionShapes: {
        Node: { drop: ["token"], properties: { children: { items: { ref: "Node" } } } },
      },
    };
    const app = createApp(service, { logger: captureLogger().logger });

    const res = await request(app).get("/tree");

    expect(res.body).toEqual({ name: "root", children: [{ name: "leaf", children: [] }] });
    expect(tree.token).toBe("t0");
  });

  it("redacts what the client would see of class instances and dates", async () => {
    class Account {
      constructor(
        readonly id: number,
        readonly secret: string,
      ) {}
    }
    const definition = route({
      path: "/account",
      redactions: { default: { drop: ["secret"] } },
      handler: async () => ({
        status: 200,
        body: Object.assign(new Account(1, "s"), { at: new Date(0) }),
      }),
    });
    const app = createApp({ name: "s", version: "1", routes: [definition] }, {
      logger: captureLogger().logger,
    });

    const res = await request(app).get("/account");

    expect(res.body).toEqual({ id: 1, at: "1970-01-01T00:00:00.000Z" });
  });

  it("sends non-JSON bodies as given", async () => {
    const definition = route({
      path: "/report.csv",
      handler: async () => ({ status: 200, contentType: "text/csv", body: "a,b\n1,2\n" }),
    });
    const app = createApp({ name: "s", version: "1", routes: [definition] }, {
      logger: captureLogger().logger,
    });

    const res = await request(app).get("/report.csv");

    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.text).toBe("a,b\n1,2\n");
  });
});
