// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
import { createHash } from "node:crypto";

/**
 * Builds a string matching a simple regular expression: literals,
 * character classes, `.`, `\d`-style escapes and quantifiers, anchored or
 * not. Groups and alternation are beyond it; it answers undefined and the
 * caller reports the pattern. Characters are drawn from `seed` where the
 * pattern allows, so that different seeds give different strings.
 */

interface Atom {
  chars: string;
  min: number;
  max: number;
}

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const UNBOUNDED = 64;

export interface SampleBounds {
  minLength?: number;
  maxLength?: number;
}

export function samplePattern(pattern: string, seed: string, bounds: SampleBounds = {}) {
  const atoms = parseAtoms(pattern);
  if (!atoms) return undefined;

  const counts = chooseCounts(atoms, seed.length, bounds);
  if (!counts) return undefined;

  const picker = charPicker(seed);
  const text = atoms.map((atom, i) => picker(atom.chars, counts[i]!)).join("");
  return new RegExp(pattern).test(text) ? text : undefined;
}

function parseAtoms(pattern: string): Atom[] | undefined {
  const source = pattern.replace(/^\^/, "").replace(/(?<!\\)\$$/, "");
  const atoms: Atom[] = [];
  let i = 0;
  while (i < source.length) {
    const end = atomEnd(source, i);
    if (end === undefined) return undefined;
    const chars = allowedChars(source.slice(i, end));
    if (!chars) return undefined;

    const quantifier = readQuantifier(source, end);
    atoms.push({ chars, min: quantifier.min, max: quantifier.max });
    i = quantifier.end;
  }
  return atoms;
}

function atomEnd(source: string, at: number): number | undefined {
  const ch = source[at]!;
  if ("()|^$".includes(ch)) return undefined;
  if (ch === "\\") return at + 2 <= source.length ? at + 2 : undefined;
  if (ch !== "[") return at + 1;

  for (let i = at + 1; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "]" && i > at + 1) return i + 1;
  }
  return undefined;
}

function allowedChars(atom: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(`^${atom}$`);
  } catch {
    return undefined;
  }
  const chars = [...PRINTABLE].filter((c) => regex.test(c)).join("");
  return chars === "" ? undefined : chars;
}

function readQuantifier(source: string, at: number) {
  const simple: Record<string, [number, number]> = { "?": [0, 1], "*": [0, UNBOUNDED],
    "+": [1, UNBOUNDED] };
  const ch = source[at];
  if (ch !== undefined && simple[ch]) {
    const [min, max] = simple[ch]!;
    return { min, max, end: skipLazy(source, at + 1) };
  }

  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
  if (!braces) return { min: 1, max: 1, end: at };
  const min = Number(braces[1]);
  const open = braces[3] === "" ? min + UNBOUNDED : Number(braces[3]);
  const max = braces[2] === undefined ? min : open;
  return { min, max, end: skipLazy(source, at + braces[0].length) };
}

function skipLazy(source: string, at: number): number {
  return source[at] === "?" ? at + 1 : at;
}

/** Aims for the seed's length plus the fixed parts, within the bounds. */
function chooseCounts(atoms: Atom[], seedLength: number, bounds: SampleBounds) {
  const least = atoms.reduce((sum, a) => sum + a.min, 0);
  const most = atoms.reduce((sum, a) => sum + a.max, 0);
  const low = Math.max(least, bounds.minLength ?? 0);
  const high = Math.min(most, bounds.maxLength ?? Infinity);
  if (low > high) return undefined;

  let extra = Math.min(Math.max(low, least + seedLength), high) - least;
  return atoms.map((atom) => {
    const add = Math.min(extra, atom.max - atom.min);
    extra -= add;
    return atom.min + add;
  });
}

/**
 * Picks characters from a hash of the seed, so seeds that share a prefix
 * (one run's suffix, say) still give different values.
 */
function charPicker(seed: string) {
  let position = 0;
  let bytes = createHash("sha256").update(seed).digest();
  return (chars: string, count: number): string => {
    let out = "";
    for (let n = 0; n < count; n++, position++) {
      if (position >= bytes.length) {
        bytes = Buffer.concat([bytes, createHash("sha256").update(bytes).digest()]);
      }
      out += chars[bytes[position]! % chars.length];
    }
    return out;
  };
}
