// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
import type { ContractRequest, ContractResponse, Target } from "./exchange.js";

/** Sends requests over HTTP to a running service at `base`. */
export function urlTarget(base: string): Target {
  return {
    async send(request: ContractRequest): Promise<ContractResponse> {
      const headers = { ...request.headers };
      let body: string | undefined;
      if (request.body !== undefined) {
        body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
        headers["content-type"] ??= "application/json";
      }

      const res = await fetch(new URL(request.path, base), {
        method: request.method.toUpperCase(),
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: Object.fromEntries([...res.headers.entries()]),
        body: parseBody(text, res.headers.get("content-type")),
        text,
      };
    },
  };
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === "" || !/json/i.test(contentType ?? "")) return text === "" ? undefined : text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
