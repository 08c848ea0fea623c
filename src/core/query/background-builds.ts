/**
 * Helpers being built in the background — column orders (column-order.ts), column codes
 * (column-codes.ts) — each a generator that yields between steps of bounded work. They run a slice at a time whenever the event loop is idle (in the engine worker: between
 * requests), so the grid keeps answering while an order of 10M rows is built; a request that needs an
 * order still building runs it to its end there and then. A process that never returns to its event
 * loop (the command line, the bench) builds an order only when a request needs it, and one that exits
 * is not held up (the slices' timer is unref'd).
 */

/** Work done per slice before other requests get their turn. */
const SLICE_MS = 40;

interface Build<T> {
  readonly steps: Generator<void, T, void>;
  readonly done: (built: T) => void;
}

export class BackgroundBuilds<T> {
  readonly #running = new Map<string, Build<T>>();
  #timer: NodeJS.Immediate | null = null;

  has(key: string): boolean {
    return this.#running.has(key);
  }

  /** Starts a build in the background; `done` receives what it built. */
  start(key: string, steps: () => Generator<void, T, void>, done: (built: T) => void): void {
    if (this.#running.has(key)) return;
    this.#running.set(key, { steps: steps(), done });
    this.#schedule();
  }

  /** Runs a build started earlier to its end now; undefined when none is running under that key. */
  finish(key: string): T | undefined {
    const build = this.#running.get(key);
    if (!build) return undefined;
    this.#running.delete(key);
    const built = runToEnd(build.steps);
    build.done(built);
    return built;
  }

  /** Takes a running build's remaining steps out of the background (the caller runs them and keeps the result); undefined when none. */
  take(key: string): Generator<void, T, void> | undefined {
    const build = this.#running.get(key);
    this.#running.delete(key);
    return build?.steps;
  }

  /** Drops every build (its dataset closes): nothing more is read or stored. */
  stop(): void {
    if (this.#timer) clearImmediate(this.#timer);
    this.#timer = null;
    // return() ends a generator at its current yield; the value is never read.
    for (const build of this.#running.values()) build.steps.return(undefined as T);
    this.#running.clear();
  }

  #schedule(): void {
    if (this.#timer || this.#running.size === 0) return;
    this.#timer = setImmediate(() => {
      this.#timer = null;
      this.#slice();
      this.#schedule();
    });
    this.#timer.unref();
  }

  #slice(): void {
    const [key, build] = this.#running.entries().next().value ?? [];
    if (key === undefined || !build) return;
    const deadline = performance.now() + SLICE_MS;
    try {
      while (performance.now() < deadline) {
        const step = build.steps.next();
        if (step.done) {
          this.#running.delete(key);
          build.done(step.value);
          return;
        }
      }
    } catch {
      // A failed build is dropped: the request that needs it builds it again and hears why it fails.
      this.#running.delete(key);
    }
  }
}

/** Runs a build to its end, here and now. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
