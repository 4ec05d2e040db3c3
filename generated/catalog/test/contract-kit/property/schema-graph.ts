// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Resolves a schema into variants the generator can read keyword by keyword:
 * references inlined, allOf merged, one branch of each oneOf/anyOf chosen,
 * and the compiler's discriminator dispatch (`if` on a property's const,
 * `then` a reference) split into one variant per discriminator value.
 */

import { UnsatisfiableSchemaError } from "./arbitrary-tools.js";
import { mergeSchemas } from "./merge-schemas.js";
import {
  isSchemaObject,
  refName,
  refsIn,
  type JsonSchema,
  type SchemaDefs,
  type SchemaObject,
} from "./schema-tools.js";

/** Where generation stands in the schema graph. */
export interface Context {
  /** Definitions entered on the way from the root value to this one. */
  stack: readonly string[];
  /** Definitions inlined at this very value, to stop reference cycles in allOf. */
  inline: readonly string[];
  /** Past the depth limit: take the way out of any recursion. */
  terminating: boolean;
}

/** One way of satisfying a schema, read keyword by keyword. */
export interface Variant {
  schema: SchemaObject;
  /** Schemas the value must also satisfy; generated values are filtered by them. */
  checks: JsonSchema[];
  ctx: Context;
}

interface Conditional {
  if: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
}

interface Dispatch {
  property: string;
  value: unknown;
}

/** More variants than this add little to what a test explores, and cost build time. */
const MAX_VARIANTS = 32;

export const ROOT_CONTEXT: Context = { stack: [], inline: [], terminating: false };

export class SchemaGraph {
  private readonly reachable = new Map<string, Set<string>>();

  constructor(readonly defs: SchemaDefs, readonly maxDepth: number) {}

  /** The context of a value nested inside the current one (a property, an item). */
  descend(ctx: Context): Context {
    return { ...ctx, inline: [] };
  }

  expand(schema: JsonSchema, ctx: Context): Variant[] {
    if (typeof schema === "boolean") return schema ? [{ schema: {}, checks: [], ctx }] : [];

    const { $ref, allOf, anyOf, oneOf, if: condition, then, else: otherwise, ...own } = schema;
    const conditionals: Conditional[] = [];
    if (condition !== undefined) conditionals.push(conditional(condition, then, otherwise));

    let variants: Variant[] = [{ schema: own, checks: [], ctx }];
    if ($ref !== undefined) variants = this.product(ctx, variants, this.expandRef($ref, ctx));

    for (const member of Array.isArray(allOf) ? (allOf as JsonSchema[]) : []) {
      if (isConditional(member)) conditionals.push(member);
      else variants = this.product(ctx, variants, this.expand(member, ctx));
    }

    if (Array.isArray(anyOf)) variants = this.product(ctx, variants, this.branches(anyOf, ctx));
    if (Array.isArray(oneOf)) {
      // A value built from one branch may match another too, which oneOf forbids.
      variants = this.product(ctx, variants, this.branches(oneOf, ctx))
        .map((v) => ({ ...v, checks: [...v.checks, { oneOf }] }));
    }

    if (conditionals.length > 0) {
      variants = variants.flatMap((variant) => this.dispatch(variant, conditionals));
    }
    return variants.slice(0, MAX_VARIANTS);
  }

  /** Whether generating `schema` here may lead back into a definition being generated. */
  mayRecurse(schema: JsonSchema, ctx: Context): boolean {
    const inside = new Set(ctx.stack);
    for (const name of refsIn(schema)) {
      if (inside.has(name)) return true;
      for (const next of this.reachableFrom(name)) if (inside.has(next)) return true;
    }
    return false;
  }

  private expandRef(ref: unknown, ctx: Context): Variant[] {
    const name = refName(ref);
    // Only the compiler's `#/$defs/<name>` form is known; other references constrain nothing here.
    if (name === undefined || ctx.inline.includes(name)) return [{ schema: {}, checks: [], ctx }];

    const definition = this.defs[name];
    if (definition === undefined) {
      throw new UnsatisfiableSchemaError(`the schema refers to an unknown definition '${name}'`);
    }

    const depth = ctx.stack.filter((entered) => entered === name).length;
    return this.expand(definition, {
      stack: [...ctx.stack, name],
      inline: [...ctx.inline, name],
      terminating: ctx.terminating || depth >= this.maxDepth,
    });
  }

  /** At the depth limit, branches that cannot recurse are the way out. */
  private branches(list: unknown[], ctx: Context): Variant[] {
    const branches = list as JsonSchema[];
    const safe = branches.filter((branch) => !this.mayRecurse(branch, ctx));
    const chosen = ctx.terminating && safe.length > 0 ? safe : branches;
    return chosen.flatMap((branch) => this.expand(branch, ctx));
  }

  private product(base: Context, left: Variant[], right: Variant[]): Variant[] {
    const out: Variant[] = [];
    for (const a of left) {
      for (const b of right) {
        const merged = mergeSchemas(a.schema, b.schema);
        if (merged === undefined) continue;

        const checks = [...a.checks, ...b.checks, ...merged.checks];
        out.push({ schema: merged.schema, checks, ctx: joinContexts(base, a.ctx, b.ctx) });
        if (out.length >= MAX_VARIANTS) return out;
      }
    }
    return out;
  }

  /**
   * The discriminator's value picks the branch: one variant per value, with
   * that value fixed, merged with the `then` of the conditionals it meets.
   */
  private dispatch(variant: Variant, conditionals: Conditional[]): Variant[] {
    const dispatches = conditionals.map(dispatchOf);
    const property = dispatches.find((d) => d !== undefined)?.property;
    const generic = conditionals.filter((_, i) => dispatches[i]?.property !== property);
    const checked = generic.length === 0
      ? variant
      : { ...variant, checks: [...variant.checks, { allOf: generic }] };
    if (property === undefined) return [checked];

    const values = this.dispatchValues(checked, property, conditionals, dispatches);
    return values.flatMap((value) => {
      const fixed = { required: [property], properties: { [property]: { const: value } } };
      let variants = this.product(checked.ctx, [checked], this.expand(fixed, checked.ctx));

      conditionals.forEach((c, i) => {
        if (dispatches[i]?.property !== property) return;
        const branch = sameValue(dispatches[i].value, value) ? c.then : c.else;
        if (branch !== undefined) {
          variants = this.product(checked.ctx, variants, this.expand(branch, checked.ctx));
        }
      });
      return variants;
    });
  }

  private dispatchValues(
    variant: Variant,
    property: string,
    conditionals: Conditional[],
    dispatches: Array<Dispatch | undefined>,
  ): unknown[] {
    const declared = isSchemaObject(variant.schema.properties)
      ? allowedValues(variant.schema.properties[property])
      : undefined;
    const values = declared ?? dispatches
      .filter((d): d is Dispatch => d?.property === property)
      .map((d) => d.value);
    if (!variant.ctx.terminating) return values;

    const recursive = (value: unknown) => conditionals.some((c, i) =>
      dispatches[i]?.property === property && sameValue(dispatches[i].value, value) &&
      c.then !== undefined && this.mayRecurse(c.then, variant.ctx));
    const safe = values.filter((value) => !recursive(value));
    return safe.length > 0 ? safe : values;
  }

  private reachableFrom(name: string): Set<string> {
    const known = this.reachable.get(name);
    if (known) return known;

    const seen = new Set<string>();
    const pending = [name];
    while (pending.length > 0) {
      const next = this.defs[pending.pop()!];
      for (const ref of next === undefined ? [] : refsIn(next)) {
        if (!seen.has(ref)) {
          seen.add(ref);
          pending.push(ref);
        }
      }
    }
    this.reachable.set(name, seen);
    return seen;
  }
}

function conditional(condition: unknown, then: unknown, otherwise: unknown): Conditional {
  const out: Conditional = { if: condition as JsonSchema };
  if (then !== undefined) out.then = then as JsonSchema;
  if (otherwise !== undefined) out.else = otherwise as JsonSchema;
  return out;
}

function isConditional(member: JsonSchema): member is SchemaObject & Conditional {
  if (!isSchemaObject(member) || member.if === undefined) return false;
  return Object.keys(member).every((key) => key === "if" || key === "then" || key === "else");
}

/** `if: { properties: { p: { const: v } }, required: [p] }`, as the compiler writes it. */
function dispatchOf(c: Conditional): Dispatch | undefined {
  if (!isSchemaObject(c.if) || !isSchemaObject(c.if.properties)) return undefined;
  const known = Object.keys(c.if).every((key) => ["properties", "required", "type"].includes(key));
  const names = Object.keys(c.if.properties);
  if (!known || names.length !== 1) return undefined;

  const values = allowedValues(c.if.properties[names[0]!]);
  return values?.length === 1 ? { property: names[0]!, value: values[0] } : undefined;
}

function allowedValues(schema: unknown): unknown[] | undefined {
  if (!isSchemaObject(schema)) return undefined;
  if ("const" in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function joinContexts(base: Context, a: Context, b: Context): Context {
  return {
    stack: [...a.stack, ...b.stack.slice(base.stack.length)],
    inline: [...a.inline, ...b.inline.slice(base.inline.length)],
    terminating: a.terminating || b.terminating,
  };
}
