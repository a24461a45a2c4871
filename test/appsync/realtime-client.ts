// A minimal AppSync real-time client written from AWS's protocol page
// (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html): `graphql-ws`
// subprotocol, authorization in the `header` query parameter (base64 JSON) or as a
// `header-<base64url>` subprotocol, connection_init/ack, start/start_ack, data, stop/complete.
import WebSocket from 'ws';

// Messages are JSON the tests inspect freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Message { type: string; id?: string; payload?: any }

export class RealtimeClient {
  private readonly socket: WebSocket;
  private readonly inbox: Message[] = [];
  private waiters: Array<() => void> = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      this.inbox.push(JSON.parse(String(raw)) as Message);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.inbox.push({ type: '__closed' });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(realtimeUrl: string, header: Record<string, string>, via: 'query' | 'subprotocol' = 'query'): Promise<RealtimeClient> {
    const json = JSON.stringify(header);
    const url = via === 'query'
      ? `${realtimeUrl}?header=${encodeURIComponent(Buffer.from(json).toString('base64'))}&payload=e30=`
      : realtimeUrl;
    const protocols = via === 'query' ? ['graphql-ws'] : ['graphql-ws', `header-${Buffer.from(json).toString('base64url')}`];
    const socket = new WebSocket(url, protocols);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RealtimeClient(socket);
  }

  get protocol(): string { return this.socket.protocol; }

  send(message: Message): void { this.socket.send(JSON.stringify(message)); }

  /** The next message that matches, skipping keep-alives. */
  async next(match: (m: Message) => boolean = () => true): Promise<Message> {
    for (;;) {
      const index = this.inbox.findIndex((m) => m.type !== 'ka' && match(m));
      if (index !== -1) return this.inbox.splice(index, 1)[0];
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  pending(match: (m: Message) => boolean): Message[] { return this.inbox.filter(match); }

  async init(): Promise<Message> {
    this.send({ type: 'connection_init' });
    return this.next();
  }

  async start(id: string, query: string, variables: Record<string, unknown>, authorization: Record<string, string>): Promise<Message> {
    this.send({ id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } } });
    return this.next((m) => m.id === id || m.type === 'connection_error');
  }

  close(): void { this.socket.close(); }
}
