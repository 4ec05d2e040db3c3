/**
 * Stable, collision-free TypeScript identifiers for spec names. The same
 * set of inputs always yields the same names, whatever order they come in.
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export " +
    "extends false finally for function if import in instanceof new null return super " +
    "switch this throw true try typeof var void while with as implements interface let " +
    "package private protected public static yield any boolean number string symbol " +
    "unknown never object undefined bigint type await async of declare module namespace " +
    "require keyof readonly infer is asserts satisfies"
  ).split(" "),
);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function pascalCase(text: string): string {
  const name = words(text).map(capitalise).join("");
  return safeIdentifier(name, "T");
}

export function camelCase(text: string): string {
  const [first = "", ...rest] = words(text);
  const name = first.charAt(0).toLowerCase() + first.slice(1) + rest.map(capitalise).join("");
  return safeIdentifier(name, "op");
}

function safeIdentifier(name: string, prefix: string): string {
  if (name === "") return prefix;
  if (/^[0-9]/.test(name)) return `${prefix}${name}`;
  if (RESERVED.has(name)) return `${name}_`;
  return name;
}

/**
 * Assigns each key a unique identifier made by `make`. Keys are processed in
 * sorted order so collisions are broken the same way on every build.
 */
export function uniqueNames(keys: string[], make: (key: string) => string): Map<string, string> {
  const taken = new Map<string, number>();
  const lowerTaken = new Set<string>();
  const result = new Map<string, string>();

  for (const key of [...keys].sort()) {
    const base = make(key);
    let candidate = base;
    let n = taken.get(base) ?? 1;
    // Case-insensitive file systems would merge files that differ only in case.
    while (lowerTaken.has(candidate.toLowerCase())) {
      n += 1;
      candidate = `${base}${n}`;
    }
    taken.set(base, n);
    lowerTaken.add(candidate.toLowerCase());
    result.set(key, candidate);
  }

  return result;
}
