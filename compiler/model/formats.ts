/**
 * Formats with a validator in the generated service: ajv-formats' full set.
 * Any other format is reported once and accepted as a plain value.
 */
export const KNOWN_FORMATS = new Set([
  "date", "time", "date-time", "iso-time", "iso-date-time", "duration", "uri",
  "uri-reference", "uri-template", "url", "email", "hostname", "ipv4", "ipv6", "regex",
  "uuid", "json-pointer", "json-pointer-uri-fragment", "relative-json-pointer", "byte",
  "int32", "int64", "float", "double", "password", "binary",
]);
