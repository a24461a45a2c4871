// Amplify v6 always opens the real-time socket with wss:// (it rewrites http:// to wss://, see
// aws-amplify/amplify-js#12894, "Support `ws` for appsync realtime connection", open). The local
// runtime serves plain ws:// on loopback, so only when the API itself is plain http:// (never on
// AWS) the socket Amplify derives from graphqlUrl is pointed at outputs.json's realtimeUrl instead.
import type { Outputs } from './config.ts';

export function useLocalRealtime(outputs: Outputs): void {
  const { graphqlUrl, realtimeUrl } = outputs;
  if (!graphqlUrl.startsWith('http://') || !realtimeUrl?.startsWith('ws://')) return;
  const derived = `${graphqlUrl.replace(/^http:\/\//, 'wss://')}/realtime`;
  const Native = globalThis.WebSocket;
  globalThis.WebSocket = class LocalRealtimeSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      const text = String(url);
      super(text.startsWith(derived) ? realtimeUrl + text.slice(derived.length) : text, protocols);
    }
  };
}
