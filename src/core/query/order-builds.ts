/**
 * Column orders being built (column-order.ts), each a generator that yields between steps of bounded
 * work. They run a slice at a time whenever the event loop is idle (in the engine worker: between
 * requests), so the grid keeps answering while an order of 10M rows is built; a request that needs an
 * order still building runs it to its end there and then. A process that never returns to its event
 * loop (the command line, the bench) builds an order only when a request needs it, and one that exits
 * is not held up (the slices' timer is unref'd).
 */

/** Work done per slice before other requests get their turn. */
const SLICE_MS = 40;

interface Build {
  readonly steps: Generator<void, Int32Array, void>;
  readonly done: (order: Int32Array) => void;
}

export class OrderBuilds {
  readonly #running = new Map<string, Build>();
  #timer: NodeJS.Immediate | null = null;

  has(key: string): boolean {
    return this.#running.has(key);
  }

  /** Starts a build in the background; `done` receives its order. */
  start(key: string, steps: () => Generator<void, Int32Array, void>, done: (order: Int32Array) => void): void {
    if (this.#running.has(key)) return;
    this.#running.set(key, { steps: steps(), done });
    this.#schedule();
  }

  /** Runs a build started earlier to its end now; null when none is running under that key. */
  finish(key: string): Int32Array | null {
    const build = this.#running.get(key);
    if (!build) return null;
    this.#running.delete(key);
    const order = runToEnd(build.steps);
    build.done(order);
    return order;
  }

  /** Drops every build (its dataset closes): nothing more is read or stored. */
  stop(): void {
    if (this.#timer) clearImmediate(this.#timer);
    this.#timer = null;
    for (const build of this.#running.values()) build.steps.return(new Int32Array(0));
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
      // A failed build is dropped: the request that needs this order builds it again and hears why it fails.
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
