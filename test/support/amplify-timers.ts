// Amplify JS v6 leaves timers it never clears; under Jest they hold the worker open after a file's
// tests ("A worker process has failed to exit gracefully"). A file that drives Amplify keeps them
// and clears them when its tests are done:
//  - the real-time connection-ack check, a 15 s setTimeout (CONNECTION_INIT_TIMEOUT in
//    @aws-amplify/api-graphql's AWSWebSocketProvider);
//  - the one-off framework re-detection a second after the first request (setTimeout(detectFramework,
//    PRIME_FRAMEWORK_DELAY) in @aws-amplify/core), which outlives a file whose tests end within that second.
const ACK_CHECK_MS = 15_000;
const isAmplifyTimer = (callback: { readonly name: string }, delay?: number): boolean =>
  delay === ACK_CHECK_MS || callback.name === 'detectFramework';

/** Keeps the file's never-cleared Amplify timers from its beforeAll on, and clears them in afterAll. */
export function clearAmplifyTimersAfterAll(): void {
  const nativeSetTimeout = globalThis.setTimeout;
  const kept: NodeJS.Timeout[] = [];
  function keepingSetTimeout<TArgs extends unknown[]>(callback: (...args: TArgs) => void, delay?: number, ...args: TArgs): NodeJS.Timeout {
    const timer = nativeSetTimeout(callback, delay, ...args);
    if (isAmplifyTimer(callback, delay)) kept.push(timer);
    return timer;
  }
  beforeAll(() => { globalThis.setTimeout = Object.assign(keepingSetTimeout, nativeSetTimeout); });
  afterAll(() => {
    globalThis.setTimeout = nativeSetTimeout;
    for (const timer of kept) clearTimeout(timer);
  });
}
