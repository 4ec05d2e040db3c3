import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildFixture, type BuiltService } from "../support/build-fixture.js";

let zoo: BuiltService;
let app: Express;

const PROBLEM = /^application\/problem\+json/;

beforeAll(async () => {
  zoo = await buildFixture("zoo.yaml");
  // A filled handler, so responses can be checked for writeOnly data.
  await zoo.writeHandler("getPet", `
    import type { GetPetInput, GetPetResult } from "../operations.js";
    export async function getPet(input: GetPetInput): Promise<GetPetResult> {
      return {
        status: 200,
        body: { id: input.path.petId, kind: "cat", name: "Tom", lives: 3, secret: "s3cret" },
      };
    }
  `);
  await zoo.writeHandler("listPets", `
    import type { ListPetsInput, ListPetsResult } from "../operations.js";
    export async function listPets(input: ListPetsInput): Promise<ListPetsResult> {
      return { status: 200, body: [], headers: { "x-echo": JSON.stringify(input.query) } };
    }
  `);
  app = await zoo.loadApp();
});

afterAll(async () => {
  await zoo.remove();
});

describe("holes", () => {
  it("answer 501 with a problem naming the operation", async () => {
    const res = await request(app).delete("/pets/7");
    expect(res.status).toBe(501);
    expect(res.headers["content-type"]).toMatch(PROBLEM);
    expect(res.body.status).toBe(501);
    expect(res.body.detail).toContain("deletePet");
  });

  it("let valid requests through to the handler", async () => {
    const res = await request(app).post("/pets").send({ kind: "dog", name: "Rex", goodBoy: true });
    expect(res.status).toBe(501);
    expect(res.body.detail).toContain("createPet");
  });
});

describe("error statuses", () => {
  it("404 for an unknown path", async () => {
    const res = await request(app).get("/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(PROBLEM);
  });

  it("405 with Allow for a known path and an unknown method", async () => {
    const res = await request(app).patch("/pets/1");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("DELETE, GET, HEAD");
    expect(res.headers["content-type"]).toMatch(PROBLEM);
  });

  it("400 for malformed JSON, never 500", async () => {
    const res = await request(app)
      .post("/pets")
      .set("content-type", "application/json")
      .send('{"kind": "cat",');
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(PROBLEM);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it("413 for an oversized body", async () => {
    const res = await request(app)
      .post("/pets")
      .send({ kind: "cat", name: "x".repeat(100_000), lives: 1 });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toMatch(PROBLEM);
  });

  it("415 for a media type the operation does not accept", async () => {
    const res = await request(app).post("/pets").set("content-type", "text/csv").send("a,b");
    expect(res.status).toBe(415);
    expect(res.headers["content-type"]).toMatch(PROBLEM);
  });

  it("415 for a documented media type that is not supported yet", async () => {
    const res = await request(app).post("/owners").field("name", "Ann").field("age", "3");
    expect(res.status).toBe(415);
    expect(res.body.detail).toMatch(/multipart\/form-data/);
  });

  it("400 for a missing required body", async () => {
    const res = await request(app).post("/pets");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(PROBLEM);
  });

  it("400 lists every validation failure with its location", async () => {
    const res = await request(app)
      .get("/pets?limit=0&ids=1,x")
      .set("X-Trace", "not-hex")
      .set("Cookie", "session=ab");
    expect(res.status).toBe(400);
    const where = res.body.errors.map((e: { in: string; name?: string }) => `${e.in}:${e.name}`);
    expect(where.sort()).toEqual(["cookie:session", "header:X-Trace", "query:ids", "query:limit"]);
  });

  it("400 names each missing required field of the body", async () => {
    const res = await request(app).post("/pets").send({ kind: "cat" });
    expect(res.status).toBe(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(["/lives", "/name"]);
  });
});

describe("parameters", () => {
  it("coerce query text to the declared types and apply defaults", async () => {
    const res = await request(app).get(
      "/pets?tags=a&tags=b&ids=1,2&vaccinated=true&filter[minAge]=3&filter[kind]=cat",
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers["x-echo"]!)).toEqual({
      limit: 20,
      tags: ["a", "b"],
      ids: [1, 2],
      vaccinated: true,
      filter: { minAge: 3, kind: "cat" },
    });
  });

  it("coerce path parameters", async () => {
    const res = await request(app).get("/pets/42");
    expect(res.body.id).toBe(42);
  });

  it("refuse a path parameter of the wrong type", async () => {
    const res = await request(app).get("/pets/abc");
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ in: "path", name: "petId" });
  });

  it("prefer a concrete path over a template", async () => {
    const res = await request(app).get("/pets/search");
    expect(res.status).toBe(501);
    expect(res.body.detail).toContain("searchPets");
  });

  it("decode form bodies with coercion", async () => {
    const res = await request(app).post("/owners").type("form").send("name=Ann&age=3");
    expect(res.status).toBe(501);
    const bad = await request(app).post("/owners").type("form").send("name=Ann&age=old");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ in: "body", pointer: "/age" });
  });

  it("accept an unknown format as any string", async () => {
    const res = await request(app).post("/owners").send({ name: "Ann", age: 3, born: "whenever" });
    expect(res.status).toBe(501);
  });
});

describe("schemas", () => {
  it("nullable accepts null", async () => {
    const res = await request(app)
      .post("/pets")
      .send({ kind: "cat", name: "Tom", lives: 1, nickname: null });
    expect(res.status).toBe(501);
  });

  it("exclusiveMaximum written as a boolean is enforced", async () => {
    const res = await request(app).post("/pets").send({ kind: "cat", name: "Tom", lives: 9 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe("/lives");
  });

  it("readOnly properties are refused in requests", async () => {
    const res = await request(app).post("/pets").send({ id: 5, kind: "cat", name: "Tom", lives: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: "/id", message: "must not be sent" });
  });

  it("writeOnly properties never appear in responses", async () => {
    const res = await request(app).get("/pets/3");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 3, kind: "cat", name: "Tom", lives: 3 });
  });

  it("discriminator picks the branch named by the mapping", async () => {
    const dog = await request(app).post("/pets").send({ kind: "dog", name: "Rex" });
    expect(dog.status).toBe(400);
    expect(dog.body.errors.map((e: { pointer: string }) => e.pointer)).toContain("/goodBoy");
    expect(JSON.stringify(dog.body.errors)).not.toContain("lives");
  });

  it("discriminator refuses an unmapped value", async () => {
    const res = await request(app).post("/pets").send({ kind: "fish", name: "Nemo" });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe("/kind");
  });

  it("circular schemas validate at any depth", async () => {
    const deep = { name: "a", children: [{ name: "b", children: [{ name: "c", parent: null }] }] };
    expect((await request(app).put("/categories").send(deep)).status).toBe(501);

    const broken = { name: "a", children: [{ name: "b", children: [{ name: "" }] }] };
    const res = await request(app).put("/categories").send(broken);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe("/children/0/children/0/name");
  });
});

describe("health", () => {
  it("GET /healthz answers ok", async () => {
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", service: "zoo", version: "2.1.0" });
  });
});
