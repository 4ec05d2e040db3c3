import type { SpecVersion } from "./loaded-spec.js";
import { finding, type Finding } from "./finding.js";
import { isObject } from "./refs.js";

/** The versions swagger-parser's meta-schemas and bundler accept. */
const OPENAPI_VERSIONS: Record<string, SpecVersion> = {
  "3.0.0": "3.0",
  "3.0.1": "3.0",
  "3.0.2": "3.0",
  "3.0.3": "3.0",
  "3.0.4": "3.0",
  "3.1.0": "3.1",
  "3.1.1": "3.1",
  "3.1.2": "3.1",
};

export type HeaderCheck = { version: SpecVersion } | { findings: Finding[] };

/**
 * Reads the version and checks what must hold before bundling: swagger-parser rejects these
 * documents with an unlocated message, so they are reported here with a pointer instead.
 */
export function checkHeader(root: unknown): HeaderCheck {
  if (!isObject(root)) {
    return { findings: [finding("not-openapi", "the document root must be a mapping", "")] };
  }

  const version = readVersion(root);
  if (typeof version !== "string") return { findings: [version] };

  const findings = [...infoVersionFindings(root), ...pathsFindings(root, version)];
  return findings.length > 0 ? { findings } : { version };
}

function readVersion(root: Record<string, unknown>): SpecVersion | Finding {
  if ("swagger" in root) {
    if (root.swagger === "2.0") return "2.0";
    const message = `unsupported swagger version ${JSON.stringify(root.swagger)}: expected "2.0"`;
    return finding("unsupported-version", message, "/swagger");
  }

  if ("openapi" in root) {
    const version = typeof root.openapi === "string" ? OPENAPI_VERSIONS[root.openapi] : undefined;
    if (version) return version;
    const supported = Object.keys(OPENAPI_VERSIONS).join(", ");
    const message =
      `unsupported OpenAPI version ${JSON.stringify(root.openapi)}: ` +
      `expected a string, one of ${supported}`;
    return finding("unsupported-version", message, "/openapi");
  }

  const message = "not an OpenAPI document: it has neither an 'openapi' nor a 'swagger' field";
  return finding("not-openapi", message, "");
}

function infoVersionFindings(root: Record<string, unknown>): Finding[] {
  const info = root.info;
  if (!isObject(info) || info.version === undefined || typeof info.version === "string") return [];
  const message = `info.version must be a string, found ${JSON.stringify(info.version)}`;
  return [finding("schema", message, "/info/version")];
}

function pathsFindings(root: Record<string, unknown>, version: SpecVersion): Finding[] {
  if (root.paths !== undefined) return [];
  if (version !== "3.1") return [finding("schema", "missing required property 'paths'", "")];
  if (root.webhooks !== undefined) return [];
  const message = "the document has neither 'paths' nor 'webhooks': there is nothing to serve";
  return [finding("no-operations", message, "")];
}
