import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../runtime/logger.js";

function sink() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createLogger", () => {
  it("logs at info by default", () => {
    vi.stubEnv("LOG_LEVEL", undefined);

    expect(createLogger().level).toBe("info");
  });

  it("takes the level from LOG_LEVEL, silent included", () => {
    vi.stubEnv("LOG_LEVEL", "silent");
    const { lines, destination } = sink();
    const logger = createLogger({ destination });

    logger.error("nobody hears this");

    expect(logger.level).toBe("silent");
    expect(lines).toEqual([]);
  });

  it("refuses an unknown level", () => {
    vi.stubEnv("LOG_LEVEL", "loud");

    expect(() => createLogger()).toThrow('Log level "loud" is not one of');
  });

  it("writes JSON lines with the service name", () => {
    const { lines, destination } = sink();

    createLogger({ level: "info", name: "pets", destination }).info({ n: 1 }, "hello");

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, name: "pets", n: 1, msg: "hello" });
  });

  it("censors credentials in headers and payloads", () => {
    const { lines, destination } = sink();
    const logger = createLogger({ level: "info", destination });

    logger.info(
      {
        req: { headers: { authorization: "Bearer abc", cookie: "sid=1", accept: "*/*" } },
        body: { password: "hunter2", token: "t", name: "Ada" },
        apiKey: "k",
      },
      "payload",
    );

    expect(lines[0]).toMatchObject({
      req: { headers: { authorization: "[redacted]", cookie: "[redacted]", accept: "*/*" } },
      body: { password: "[redacted]", token: "[redacted]", name: "Ada" },
      apiKey: "[redacted]",
    });
  });
});
