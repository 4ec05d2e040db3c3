import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { compileSpec } from "../../compiler/build.js";
import { REPO_ROOT } from "../support/build-fixture.js";
import { call, DIALECTS, startGenerated, type RunningService } from "../support/generated-service.js";

const KEY = "catalog-writer-key-0123456789";
process.env.API_KEYS = `writer:${KEY}`;
const WRITER = { "x-api-key": KEY };

let skus = 0;
/** Each call a new sku, so no test trips over another's unique constraint by chance. */
function sku(): string {
  skus += 1;
  return `AB-${String(skus).padStart(4, "0")}`;
}

it("compiles every catalog operation: the service has no holes", async () => {
  const { handlers } = await compileSpec(`${REPO_ROOT}/specs/catalog.yaml`);
  expect(handlers.open).toEqual([]);
  expect(handlers.compiled).toHaveLength(10);
});

describe.each(DIALECTS)("the catalog service on %s", (dialect) => {
  let service: RunningService;
  let categoryId: number;
  const api = (method: string, target: string, options = {}) =>
    call(service.url, method, target, options);
  const write = (method: string, target: string, body?: unknown) =>
    api(method, target, { body, headers: WRITER });

  beforeAll(async () => {
    service = await startGenerated("catalog", dialect);
    const created = await write("POST", "/categories", { name: `Books ${dialect}` });
    categoryId = created.body!.id;
  });

  afterAll(async () => {
    await service.stop();
  });

  describe("categories", () => {
    it("creates with an increasing integer id and a Location", async () => {
      const res = await write("POST", "/categories", { name: "Maps", description: null });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(Number), name: "Maps", description: null });
      expect(res.body!.id).toBeGreaterThan(categoryId);
      expect(res.headers.get("location")).toBe(`/categories/${res.body!.id}`);
    });

    it("refuses a name taken in another letter case with 409", async () => {
      await write("POST", "/categories", { name: "Games" });
      expect((await write("POST", "/categories", { name: "GAMES" })).status).toBe(409);
    });

    it("reads, replaces and deletes one", async () => {
      const { body } = await write("POST", "/categories", { name: "Temporary" });
      const path = `/categories/${body!.id}`;

      // A nullable property left out is stored, and read back, as null.
      expect((await api("GET", path)).body).toEqual({ id: body!.id, name: "Temporary",
        description: null });
      const replaced = await write("PUT", path, { name: "Kept", description: "now" });
      expect(replaced.body).toEqual({ id: body!.id, name: "Kept", description: "now" });
      expect((await write("DELETE", path)).status).toBe(204);
      expect((await api("GET", path)).status).toBe(404);
      expect((await write("DELETE", path)).status).toBe(404);
    });

    it("pages with limit and offset", async () => {
      const all = (await api("GET", "/categories?limit=100")).body as unknown as unknown[];
      const second = (await api("GET", "/categories?limit=1&offset=1")).body as unknown as
        unknown[];
      expect(second).toEqual([all[1]]);
    });
  });

  describe("products", () => {
    it("creates with a uuid, defaults and a timestamp", async () => {
      const body = { sku: sku(), name: "Atlas", price: 30, categoryId, tags: ["maps", "big"] };
      const res = await write("POST", "/products", body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...body,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        inStock: true,
        createdAt: expect.any(String),
      });
    });

    it("updates only the fields a patch sends", async () => {
      const { body } = await write("POST", "/products", { sku: sku(), name: "Old", price: 1,
        categoryId });
      const res = await write("PATCH", `/products/${body!.id}`, { price: 2.5, inStock: false });
      expect(res.body).toMatchObject({ name: "Old", price: 2.5, inStock: false });
    });

    it("walks every page by cursor, filtered by category, without repeats", async () => {
      const own = (await write("POST", "/categories", { name: `Paged ${randomBytes(3).toString("hex")}` }))
        .body!.id;
      const made = new Set<string>();
      for (let i = 0; i < 25; i += 1) {
        const res = await write("POST", "/products", { sku: sku(), name: `P${i}`, price: i,
          categoryId: own });
        made.add(res.body!.id);
      }

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const query = `/products?categoryId=${own}&limit=10${cursor ? `&cursor=${cursor}` : ""}`;
        const page = (await api("GET", query)).body!;
        seen.push(...page.items.map((p: { id: string }) => p.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);

      expect(seen).toHaveLength(25);
      expect(new Set(seen)).toEqual(made);
      expect(pages).toBe(3);
    });

    it("refuses a duplicate sku with 409", async () => {
      const body = { sku: sku(), name: "One", price: 1, categoryId };
      await write("POST", "/products", body);
      expect((await write("POST", "/products", { ...body, name: "Two" })).status).toBe(409);
    });

    it("stores SQL metacharacters in every string field literally", async () => {
      const nasty = "Robert'); DROP TABLE products; -- \" \\ % _ ;";
      const tag = "a'b\";--%_";
      const res = await write("POST", "/products", { sku: sku(), name: nasty, price: 1,
        categoryId, tags: [tag] });
      expect(res.status).toBe(201);

      const read = await api("GET", `/products/${res.body!.id}`);
      expect(read.body).toMatchObject({ name: nasty, tags: [tag] });
      const category = await write("POST", "/categories", { name: nasty, description: nasty });
      expect((await api("GET", `/categories/${category.body!.id}`)).body).toMatchObject({
        name: nasty,
        description: nasty,
      });
    });
  });

  describe("security", () => {
    it("lets anyone read", async () => {
      expect((await api("GET", "/products")).status).toBe(200);
    });

    it("answers 401 to a write without the API key, and to a wrong key", async () => {
      const body = { name: "Nope" };
      expect((await api("POST", "/categories", { body })).status).toBe(401);
      const wrong = await api("POST", "/categories", { body, headers: { "x-api-key": "nope" } });
      expect(wrong.status).toBe(401);
    });
  });
});
