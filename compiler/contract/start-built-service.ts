import path from "node:path";
import { pathToFileURL } from "node:url";

import { startLocalService, type ServiceRuntime } from "../../contract/local-service.js";

/**
 * Loads a built service's own runtime and app from its folder and starts it
 * on a loopback port, so what is tested is exactly what ships.
 */
export async function startBuiltService(outDir: string) {
  const src = path.join(outDir, "src");
  const runtime = (await import(pathToFileURL(path.join(src, "runtime/index.ts")).href)) as
    ServiceRuntime;
  const { buildApp } = (await import(pathToFileURL(path.join(src, "app.ts")).href)) as {
    buildApp(options: object): Promise<unknown>;
  };
  return startLocalService(runtime, buildApp);
}
