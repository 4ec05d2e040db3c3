import { gzipSync } from "node:zlib";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../runtime/create-app.js";
import { petService } from "./pet-service.js";
import { captureLogger } from "./support.js";

const PROBLEM_JSON = "application/problem+json; charset=utf-8";

/** superagent would JSON-encode a Buffer sent as application/json. */
const asIs = (body: unknown) => body as string;

function petApp(options: { bodyLimit?: number } = {}) {
  const log = captureLogger();
  const app = createApp(petService(), { logger: log.logger, ...options });
  return { app, lines: log.lines };
}

describe("health and defaults", () => {
  it("answers /healthz with the service name and version", async () => {
    const res = await request(petApp().app).get("/healthz");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", service: "pets", version: "1.2.3" });
  });

  it("does not announce Express", async () => {
    const res = await request(petApp().app).get("/healthz");

    expect(res.headers["x-powered-by"]).toBeUndefined();
  });
});

describe("routing", () => {
  it("prefers a concrete path over a template listed before it", async () => {
    const res = await request(petApp().app).get("/pets/mine");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 0, name: "Mine" });
  });

  it("answers an unknown path with 404", async () => {
    const res = await request(petApp().app).get("/owners?x=1");

    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe(PROBLEM_JSON);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "No operation matches GET /owners.",
    });
  });

  it("answers a known path with an unknown method with 405 and Allow", async () => {
    const res = await request(petApp().app).put("/pets");

    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("GET, HEAD, POST");
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Method Not Allowed",
      status: 405,
      detail: "PUT is not allowed here; use GET, HEAD, POST.",
    });
  });

  it("answers 405 on a concrete path even when a template has the method", async () => {
    const res = await request(petApp().app).delete("/pets/mine");

    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("GET, HEAD");
  });

  it("answers malformed percent-encoding in the path with 400", async () => {
    const res = await request(petApp().app).get("/pets/%E0%A4%A");

    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("The request path contains malformed percent-encoding.");
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const res = await request(petApp().app).head("/pets/1");

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.text).toBeUndefined();
  });
});

describe("request validation", () => {
  it("lists every failure of every part with its location", async () => {
    const res = await request(petApp().app)
      .post("/pets?dryRun=maybe")
      .send({ age: -1, colour: "red" });

    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe(PROBLEM_JSON);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "4 problems in the request",
      errors: [
        { in: "query", name: "dryRun", pointer: "", keyword: "type", message: "must be boolean" },
        {
          in: "body",
          pointer: "/name",
          keyword: "required",
          message: "must have required property 'name'",
        },
        {
          in: "body",
          pointer: "/colour",
          keyword: "additionalProperties",
          message: "must NOT have additional properties",
        },
        { in: "body", pointer: "/age", keyword: "minimum", message: "must be >= 0" },
      ],
    });
  });

  it("reports missing required headers and bad query values together", async () => {
    const res = await request(petApp().app).get("/pets?limit=0");

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { in: "query", name: "limit", pointer: "", keyword: "minimum", message: "must be >= 1" },
      {
        in: "header",
        name: "X-Tenant",
        pointer: "",
        keyword: "required",
        message: "must have required property 'X-Tenant'",
      },
    ]);
  });

  it("coerces parameters before the handler sees them", async () => {
    const res = await request(petApp().app).get("/pets?limit=1&tags=a,b").set("x-tenant", "acme");

    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: 1, name: "Rex", age: 3 }]);
    expect(res.headers["x-total-count"]).toBe("1");
  });

  it("reports a path parameter of the wrong type", async () => {
    const res = await request(petApp().app).get("/pets/abc");

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { in: "path", name: "petId", pointer: "", keyword: "type", message: "must be integer" },
    ]);
  });
});

describe("request bodies", () => {
  it("reads JSON", async () => {
    const res = await request(petApp().app).post("/pets").send({ name: "Tom", age: 2 });

    expect(res.status).toBe(201);
    expect(res.headers["location"]).toBe("/pets/2");
    expect(res.body).toEqual({ id: 2, name: "Tom", age: 2 });
  });

  it("reads structured +json types", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/merge-patch+json")
      .send(JSON.stringify({ name: "Tom" }));

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 2, name: "Tom" });
  });

  it("reads gzip-compressed JSON", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "gzip")
      .serialize(asIs)
      .send(gzipSync(JSON.stringify({ name: "Zip" })));

    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Zip");
  });

  it("reads url-encoded forms and coerces their strings", async () => {
    const res = await request(petApp().app).post("/pets").type("form").send("name=Tom+Cat&age=4");

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 2, name: "Tom Cat", age: 4 });
  });

  it("reads text/plain as a string", async () => {
    const res = await request(petApp().app)
      .post("/notes")
      .set("Content-Type", "text/plain; charset=utf-8")
      .send("hello");

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.text).toBe('got "hello" as text/plain');
  });

  it("decodes text in its declared charset", async () => {
    const res = await request(petApp().app)
      .post("/notes")
      .set("Content-Type", "text/plain; charset=iso-8859-1")
      .send(Buffer.from([0x63, 0x61, 0x66, 0xe9]));

    expect(res.text).toBe('got "café" as text/plain');
  });

  it("leaves an optional body absent", async () => {
    const res = await request(petApp().app).post("/notes");

    expect(res.text).toBe("got undefined as undefined");
  });

  it("answers a missing required body with 400", async () => {
    const res = await request(petApp().app).post("/pets").set("Content-Type", "application/json");

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { in: "body", pointer: "", keyword: "required", message: "must have a request body" },
    ]);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/json")
      .send('{"name": ');

    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe(PROBLEM_JSON);
    expect(res.body.title).toBe("Bad Request");
    expect(res.body.detail).toMatch(/^The request body is not valid JSON: /);
  });

  it("answers a body over the limit with 413", async () => {
    const res = await request(petApp({ bodyLimit: 64 }).app)
      .post("/pets")
      .send({ name: "x".repeat(100) });

    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Payload Too Large",
      status: 413,
      detail: "The request body is larger than the limit of 64 bytes.",
    });
  });

  it("applies the limit to the decompressed size", async () => {
    const res = await request(petApp({ bodyLimit: 64 }).app)
      .post("/pets")
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "gzip")
      .serialize(asIs)
      .send(gzipSync(JSON.stringify({ name: "x".repeat(1000) })));

    expect(res.status).toBe(413);
  });

  it("answers an unlisted media type with 415 and the accepted ones", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/xml")
      .send("<pet/>");

    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Unsupported Media Type",
      status: 415,
      detail: 'Content-Type "application/xml" is not accepted here.',
      accepted: [
        "application/json",
        "application/merge-patch+json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
      ],
    });
  });

  it("answers a listed media type without a validator with 415 not supported yet", async () => {
    const res = await request(petApp().app).post("/pets").field("name", "Tom");

    expect(res.status).toBe(415);
    expect(res.body.detail).toBe(
      'Request bodies of type "multipart/form-data" are not supported yet.',
    );
  });

  it("answers a body without Content-Type with 415", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "")
      .send(Buffer.from("{}"));

    expect(res.status).toBe(415);
    expect(res.body.detail).toBe("The request has a body but no Content-Type header.");
  });

  it("answers JSON in a charset other than UTF-8 with 415", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/json; charset=latin1")
      .send('{"name":"x"}');

    expect(res.status).toBe(415);
    expect(res.body.detail).toBe('"application/json" bodies must be UTF-8, not "latin1".');
  });

  it("answers an unknown charset with 415", async () => {
    const res = await request(petApp().app)
      .post("/notes")
      .set("Content-Type", "text/plain; charset=klingon")
      .send("qapla");

    expect(res.status).toBe(415);
    expect(res.body.detail).toBe('The charset "klingon" is not supported.');
  });

  it("answers bytes that are not UTF-8 with 400", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/json")
      .serialize(asIs)
      .send(Buffer.from([0x7b, 0xff, 0x7d]));

    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("The request body is not valid utf-8.");
  });

  it("answers an unknown content encoding with 415", async () => {
    const res = await request(petApp().app)
      .post("/pets")
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "compress")
      .send("{}");

    expect(res.status).toBe(415);
    expect(res.body.detail).toBe('The content encoding "compress" is not supported.');
  });
});

describe("responses", () => {
  it("drops writeOnly properties by exact status", async () => {
    const res = await request(petApp().app).get("/pets/1");

    expect(res.body).toEqual({ id: 1, name: "Rex", age: 3 });
  });

  it("falls back to the status range and then default for redaction", async () => {
    const app = petApp().app;
    const list = await request(app).get("/pets").set("X-Tenant", "acme");
    const created = await request(app).post("/pets").send({ name: "Kit", microchip: "x-9" });

    expect(list.body).toEqual([{ id: 1, name: "Rex", age: 3 }]);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 2, name: "Kit" });
  });

  it("sends no body with 204", async () => {
    const res = await request(petApp().app).delete("/pets/1");

    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(res.headers["content-type"]).toBeUndefined();
  });

  it("sends a thrown HttpProblem as its problem document", async () => {
    const res = await request(petApp().app).get("/pets/99");

    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe(PROBLEM_JSON);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "No pet 99",
    });
  });

  it("answers a handler hole with 501 naming the operation", async () => {
    const res = await request(petApp().app).post("/pets/1/adopt");

    expect(res.status).toBe(501);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Not Implemented",
      status: 501,
      detail: 'The operation "adoptPet" is not implemented yet.',
      operationId: "adoptPet",
    });
  });

  it("answers an unexpected error with a bare 500 and logs the cause", async () => {
    const { app, lines } = petApp();
    const res = await request(app).get("/crash");

    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "The server could not complete the request.",
    });
    expect(res.text).not.toContain("hunter2");
    expect(res.text).not.toContain("at ");

    const logged = lines.find((line) => line["msg"] === "request failed");
    expect(logged?.["operationId"]).toBe("crash");
    expect((logged?.["err"] as { message: string }).message).toBe("database password is hunter2");
  });
});

describe("logging", () => {
  it("writes one access line per request", async () => {
    const { app, lines } = petApp();
    await request(app).get("/pets/1?secret=1");

    const access = lines.filter((line) => line["msg"] === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      method: "GET",
      path: "/pets/1",
      status: 200,
      operationId: "getPet",
    });
    expect(access[0]?.["durationMs"]).toBeTypeOf("number");
  });
});
