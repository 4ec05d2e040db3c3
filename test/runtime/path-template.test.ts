import { describe, expect, it } from "vitest";
import {
  compareTemplates,
  parseTemplate,
  rawParamMatcher,
  sortTemplates,
  toExpressPath,
} from "../../runtime/path-template.js";

describe("toExpressPath", () => {
  it.each([
    ["/users/{id}", "/users/:id"],
    ["/users/{user-id}", '/users/:"user-id"'],
    ["/users/{user.id}/posts/{postId}", '/users/:"user.id"/posts/:postId'],
    ["/odd/{say \"hi\"}", '/odd/:"say \\"hi\\""'],
    ["/things/{id}:archive", "/things/:id\\:archive"],
    ["/v1/(beta)/[x]/a+b?/{id}!", "/v1/\\(beta\\)/\\[x\\]/a\\+b\\?/:id\\!"],
    ["/files/*", "/files/\\*"],
    ["/braces/\\", "/braces/\\\\"],
    ["/ünïcode/{naïve}", "/ünïcode/:naïve"],
    ["/{$ref}", "/:$ref"],
  ])("turns %s into %s", (template, expected) => {
    expect(toExpressPath(template)).toBe(expected);
  });

  it("rejects an unclosed brace", () => {
    expect(() => toExpressPath("/users/{id")).toThrow(
      'Path template "/users/{id" has an unclosed or empty "{"',
    );
  });
});

describe("parseTemplate", () => {
  it("splits text from parameters inside a segment", () => {
    expect(parseTemplate("/files/{name}.{ext}")).toEqual([
      { text: "/files/" },
      { param: "name" },
      { text: "." },
      { param: "ext" },
    ]);
  });
});

describe("rawParamMatcher", () => {
  it("returns parameter text still percent-encoded", () => {
    const match = rawParamMatcher("/users/{user-id}/tags/{tags}");

    expect(match("/users/a%2Fb/tags/x%2Cy,z")).toEqual({ "user-id": "a%2Fb", tags: "x%2Cy,z" });
  });

  it("follows Express: case-insensitive, optional trailing slash", () => {
    const match = rawParamMatcher("/Users/{id}/");

    expect(match("/users/7/")).toEqual({ id: "7" });
    expect(match("/USERS/7")).toEqual({ id: "7" });
    expect(match("/users/7/x")).toBeUndefined();
  });

  it("treats regular expression characters in the template as text", () => {
    const match = rawParamMatcher("/a.b/(x)/{id}+");

    expect(match("/a.b/(x)/5+")).toEqual({ id: "5" });
    expect(match("/aXb/(x)/5+")).toBeUndefined();
  });
});

describe("route ordering", () => {
  it("puts concrete segments before templated ones", () => {
    const sorted = sortTemplates(
      ["/users/{id}", "/users/{id}/posts", "/users/me", "/users/{id}.json", "/users/me/posts"],
      (template) => template,
    );

    expect(sorted).toEqual([
      "/users/me",
      "/users/me/posts",
      "/users/{id}.json",
      "/users/{id}",
      "/users/{id}/posts",
    ]);
  });

  it("ranks text mixed with a parameter by how much text it has", () => {
    expect(compareTemplates("/f/{name}.tar.gz", "/f/{name}.gz")).toBeLessThan(0);
  });

  it("gives the same order whatever the input order", () => {
    const templates = ["/pets/{petId}", "/pets", "/pets/mine", "/notes", "/pets/{petId}/adopt"];
    const rotated = [...templates.slice(2), ...templates.slice(0, 2)];
    const orders = [templates, [...templates].reverse(), rotated];
    const sorted = orders.map((order) => sortTemplates(order, (template) => template));

    expect(sorted[0]).toEqual([
      "/notes",
      "/pets",
      "/pets/mine",
      "/pets/{petId}",
      "/pets/{petId}/adopt",
    ]);
    expect(sorted[1]).toEqual(sorted[0]);
    expect(sorted[2]).toEqual(sorted[0]);
  });
});
