// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Raw request text split into name/value pairs. Values stay percent-encoded
 * so that parameter styles can split on delimiters before decoding: an
 * encoded "%2C" is data, a bare "," separates items.
 */

export type RawPair = readonly [name: string, rawValue: string];

/** Decodes valid percent-escapes and keeps malformed ones, as URLSearchParams does. */
export function decodePercent(text: string): string {
  if (!text.includes("%")) return text;
  return text.replace(/(?:%[0-9a-f]{2})+/gi, decodeRun);
}

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return run;
  }
}

/** application/x-www-form-urlencoded decoding: "+" is a space. */
export function decodeForm(text: string): string {
  return decodePercent(text.replace(/\+/g, " "));
}

/** The text after "?" in a request target such as `req.originalUrl`. */
export function rawQueryOf(url: string): string {
  const start = url.indexOf("?");
  if (start === -1) return "";

  const end = url.indexOf("#", start);
  return url.slice(start + 1, end === -1 ? undefined : end);
}

/** Pairs of a query string; names are decoded, values are not. */
export function queryPairs(query: string): RawPair[] {
  return query
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const equals = part.indexOf("=");
      if (equals === -1) return [decodeForm(part), ""] as const;
      return [decodeForm(part.slice(0, equals)), part.slice(equals + 1)] as const;
    });
}

/** Pairs of a Cookie header ("a=1; b=2"); values lose optional double quotes. */
export function cookiePairs(header: string | undefined): RawPair[] {
  if (header === undefined) return [];

  const pairs: RawPair[] = [];
  for (const part of header.split(";")) {
    const equals = part.indexOf("=");
    if (equals === -1) continue;

    const name = part.slice(0, equals).trim();
    if (name !== "") pairs.push([name, unquote(part.slice(equals + 1).trim())]);
  }
  return pairs;
}

function unquote(value: string): string {
  const quoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
  return quoted ? value.slice(1, -1) : value;
}
