// A request answered "already being handled" (OperationInProgress) is asked again, with the same
// idempotency key, a moment later: placeOrder answers so while another region still places the very
// same order (the shopper's first attempt there timed out for them); once that region's order has
// replicated here, the same key gets it. A new key instead could place a second order.
// Plain TypeScript, no DOM: the storefront's checkout and the drill's shoppers use it.

export interface AskAgainOptions {
  /** Attempts in all (default 5: about the replication lag's worst case of a few seconds). */
  readonly attempts?: number;
  /** Between attempts (default 1 s, global tables' typical replication lag). */
  readonly delayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each repeat, for the caller's count. */
  readonly onRepeat?: () => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function askAgainWhileInProgress<T>(call: () => Promise<T>, errorTypeOf: (error: unknown) => string | undefined, options: AskAgainOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (errorTypeOf(error) !== 'OperationInProgress' || attempt >= attempts) throw error;
      options.onRepeat?.();
      await (options.sleep ?? defaultSleep)(options.delayMs ?? 1000);
    }
  }
}
