import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy that can cut a connection path on demand. The shared PostgreSQL server cannot be
 * stopped in tests, so an outage is simulated by a network cut: `cut()` resets every open connection
 * and closes the listening port (new connections are refused), `restore()` listens again on the same port.
 */
export interface FaultProxy {
  port: number;
  /** Connections accepted so far, counting those made after a restore. */
  readonly accepted: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  const onConnection = (client: Socket) => {
    accepted += 1;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      // A reset on one side ends the other: the peer sees the connection drop, as in a real cut.
      s.on('error', () => (client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(0);
  const closeListener = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  return {
    port,
    get accepted() {
      return accepted;
    },
    async cut() {
      const closed = closeListener();
      for (const s of open) s.resetAndDestroy();
      await closed;
    },
    async restore() {
      server = createServer(onConnection);
      await listen(port);
    },
    async close() {
      const closed = closeListener();
      for (const s of open) s.destroy();
      await closed;
    },
  };
}
