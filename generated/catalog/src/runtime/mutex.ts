// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * A first-come, first-served lock for async work on one resource, such as
 * the single connection a SQLite database has.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` once every earlier holder has finished, whether it failed or not. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(() => work());
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
