// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Arbitraries fast-check does not ship: a filter that gives up, and one built on first use. */

import * as fc from "fast-check";

/** Thrown when a schema admits no value, or none the generator can find. */
export class UnsatisfiableSchemaError extends Error {
  override name = "UnsatisfiableSchemaError";
}

const DEFAULT_ATTEMPTS = 500;

/**
 * fast-check's own filter retries forever, which hangs a run on a schema
 * whose constraints the generator cannot meet; this one reports it instead.
 */
export function boundedFilter<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => boolean,
  what: string,
  attempts = DEFAULT_ATTEMPTS,
): fc.Arbitrary<T> {
  return new BoundedFilterArbitrary(arbitrary, predicate, what, attempts);
}

class BoundedFilterArbitrary<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly predicate: (value: T) => boolean,
    private readonly what: string,
    private readonly attempts: number,
  ) {
    super();
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const candidate = this.inner.generate(random, biasFactor);
      if (this.predicate(candidate.value)) return candidate;
    }
    throw new UnsatisfiableSchemaError(
      `no value for ${this.what} was found in ${this.attempts} attempts`,
    );
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value) && this.predicate(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context).filter((v) => this.predicate(v.value));
  }
}

/**
 * Built on first use, so a schema graph with many references costs only the
 * part that generation actually reaches.
 */
export function lazyArbitrary<T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  return new LazyArbitrary(build);
}

class LazyArbitrary<T> extends fc.Arbitrary<T> {
  private built: fc.Arbitrary<T> | undefined;

  constructor(private readonly build: () => fc.Arbitrary<T>) {
    super();
  }

  private get inner(): fc.Arbitrary<T> {
    this.built ??= this.build();
    return this.built;
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.inner.generate(random, biasFactor);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
}

/** One of the arbitraries, or the single one as it is. */
export function oneOfArbitraries<T>(arbitraries: fc.Arbitrary<T>[], what: string) {
  if (arbitraries.length === 0) throw new UnsatisfiableSchemaError(`${what} admits no value`);
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}
