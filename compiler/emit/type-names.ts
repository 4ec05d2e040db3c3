/**
 * Names of the TypeScript types of named schemas. A schema whose request and
 * response shapes differ (it reaches a readOnly or writeOnly property) gets a
 * second type for requests, `<Name>Input`.
 */

import type { NamedSchema } from "../model/service-model.js";
import { uniqueNames } from "../model/names.js";
import { schemasReaching } from "../model/schema-walk.js";
import type { Direction } from "./schema-to-type.js";

export class TypeNames {
  private readonly response = new Map<string, string>();
  private readonly request = new Map<string, string>();

  constructor(schemas: NamedSchema[]) {
    const directional = schemasReaching(
      schemas,
      (node) => node.readOnly === true || node.writeOnly === true,
    );
    const keys = [
      ...schemas.map((s) => `r:${s.name}`),
      ...schemas.filter((s) => directional.has(s.name)).map((s) => `q:${s.name}`),
    ];
    const typeNameOf = new Map(schemas.map((s) => [s.name, s.typeName]));

    // Response names are fixed first so that adding an Input type never
    // renames a type a person already uses.
    const names = uniqueNames(keys, (key) => {
      const base = typeNameOf.get(key.slice(2))!;
      return key.startsWith("r:") ? base : `${base}Input`;
    });

    for (const schema of schemas) {
      this.response.set(schema.name, names.get(`r:${schema.name}`)!);
      const input = names.get(`q:${schema.name}`);
      if (input !== undefined) this.request.set(schema.name, input);
    }
  }

  get(name: string, direction: Direction): string {
    const request = direction === "request" ? this.request.get(name) : undefined;
    return request ?? this.response.get(name)!;
  }

  hasRequestVariant(name: string): boolean {
    return this.request.has(name);
  }
}
