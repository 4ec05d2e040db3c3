/**
 * Collects the named schemas of one build: every component schema, plus any
 * other schema a `$ref` points at. Created per build, never shared.
 */

import { splitPointer } from "../diagnostics.js";
import { getByPointer } from "./document-walk.js";
import { pascalCase, uniqueNames } from "./names.js";
import { convertSchema, isObject, type SchemaContext } from "./schema-dialect.js";
import type { JsonSchema, NamedSchema } from "./service-model.js";

const COMPONENT_PREFIX = "/components/schemas/";

/** Pointer tokens that say where a schema sits, not what it is. */
const STRUCTURAL = new Set([
  "paths", "components", "schemas", "content", "schema", "properties", "items",
  "responses", "requestBody", "requestBodies", "parameters", "allOf", "oneOf", "anyOf",
  "additionalProperties", "headers", "definitions",
]);

export class SchemaRegistry {
  private readonly byPointer = new Map<string, string>();
  private readonly converted = new Map<string, JsonSchema>();
  private readonly pending: string[] = [];

  constructor(
    private readonly document: Record<string, unknown>,
    private readonly context: Omit<SchemaContext, "refName">,
  ) {
    const schemas = getByPointer(document, "/components/schemas");
    if (isObject(schemas)) {
      for (const name of Object.keys(schemas).sort()) this.nameFor(`#${COMPONENT_PREFIX}${name}`);
    }
  }

  /** Converts a schema found inline at `pointer`. */
  convert(node: unknown, pointer: string): JsonSchema {
    return convertSchema(node, pointer, this.schemaContext());
  }

  /** Converts every named schema reached so far, and those they reach. */
  drain(): NamedSchema[] {
    while (this.pending.length > 0) {
      const pointer = this.pending.shift()!;
      const node = getByPointer(this.document, pointer);
      if (node === undefined) this.context.fail("ref-dangling", "nothing at this pointer", pointer);
      this.converted.set(pointer, this.convert(node, pointer));
    }

    const names = [...this.byPointer.entries()];
    const typeNames = uniqueNames(names.map(([, name]) => name), typeNameOf);

    return names
      .map(([pointer, name]) => ({
        name,
        typeName: typeNames.get(name)!,
        pointer,
        schema: this.converted.get(pointer)!,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private schemaContext(): SchemaContext {
    return {
      ...this.context,
      refName: (target) => this.nameFor(target),
      resolve: (ref) => (ref.startsWith("#") ? getByPointer(this.document, ref.slice(1)) : undefined),
    };
  }

  private nameFor(target: string): string {
    const pointer = target.slice(1);
    const known = this.byPointer.get(pointer);
    if (known !== undefined) return known;

    // Component names cannot contain "/", so a pointer never collides with one.
    const name = pointer.startsWith(COMPONENT_PREFIX) && splitPointer(pointer).length === 3
      ? splitPointer(pointer)[2]!
      : pointer;
    this.byPointer.set(pointer, name);
    this.pending.push(pointer);
    return name;
  }
}

function typeNameOf(name: string): string {
  if (!name.startsWith("/")) return pascalCase(name);

  // Path templates ("/users/{id}") name things; media types do not.
  const meaningful = splitPointer(name).filter(
    (t) => !STRUCTURAL.has(t) && (t.startsWith("/") || !t.includes("/")),
  );
  return pascalCase(meaningful.slice(-3).join(" "));
}
