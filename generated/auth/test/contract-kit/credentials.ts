// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Credentials for a contract run: good ones from configuration, and deliberately bad ones. */

import type { Credential } from "./build-request.js";
import type { ContractDocument, ContractOperation, Credentials } from "./contract-document.js";

export interface CredentialConfig {
  bearerToken?: string;
  apiKey?: string;
  basic?: { user: string; password: string };
}

export function credentialProvider(document: ContractDocument, config: CredentialConfig) {
  return (operation: ContractOperation, quality: Credentials): Credential[] => {
    if (quality === "none") return [];
    const alternative = operation.security.find((r) => Object.keys(r).length > 0);
    if (!alternative) return [];

    return Object.keys(alternative).flatMap((name) => {
      const scheme = document.securitySchemes[name];
      return scheme ? credentialFor(scheme, quality === "valid" ? config : undefined) : [];
    });
  };
}

/** One scheme's credential; without a config, a well-formed but wrong one. */
function credentialFor(
  scheme: ContractDocument["securitySchemes"][string],
  config: CredentialConfig | undefined,
): Credential[] {
  if (scheme.type === "apiKey" && scheme.name && isPlace(scheme.in)) {
    return [{ in: scheme.in, name: scheme.name, value: config?.apiKey ?? "invalid-api-key" }];
  }
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") {
    const { user, password } = config?.basic ?? { user: "invalid", password: "invalid" };
    const encoded = Buffer.from(`${user}:${password}`).toString("base64");
    return [{ in: "header", name: "authorization", value: `Basic ${encoded}` }];
  }
  const token = config?.bearerToken ?? "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.aW52YWxpZA";
  return [{ in: "header", name: "authorization", value: `Bearer ${token}` }];
}

function isPlace(value: unknown): value is Credential["in"] {
  return value === "header" || value === "query" || value === "cookie";
}
