/** The TCP listener: accepts connections, enforces maxclients, tracks sessions. */
import net from 'node:net';
import type { Logger } from 'pino';
import type { Dispatcher } from '../commands/dispatch.js';
import { errors } from '../resp/errors.js';
import type { ServerState } from '../state/server-state.js';
import { Session } from './session.js';

export class Listener {
  private readonly tcp: net.Server;
  readonly sessions = new Set<Session>();
  /** Connections refused by maxclients, until their close completes. */
  private readonly refused = new Set<net.Socket>();

  constructor(
    private readonly server: ServerState,
    private readonly dispatcher: Dispatcher,
    private readonly logger: Logger,
  ) {
    this.tcp = net.createServer((socket) => this.accept(socket));
  }

  /** Start listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.tcp.once('error', onError);
      this.tcp.listen({ port, host, backlog: 511 }, () => {
        this.tcp.off('error', onError);
        const address = this.tcp.address();
        const bound = typeof address === 'object' && address !== null ? address.port : port;
        this.server.tcpPort = bound;
        resolve(bound);
      });
    });
  }

  /** Stop accepting, close every connection; resolves once the listener is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const session of this.sessions) session.destroy();
      for (const socket of this.refused) socket.destroy();
      this.tcp.close(() => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    const server = this.server;
    server.stats.totalConnectionsReceived++;
    if (server.clients.size >= server.settings.integer('maxclients')) {
      server.stats.rejectedConnections++;
      this.refused.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => this.refused.delete(socket));
      socket.resume(); // drop what the client sends, so its FIN is seen and the close completes
      socket.end(`-${errors.maxClients.text}\r\n`);
      return;
    }
    const session = new Session(socket, server, this.dispatcher, this.logger, (closed) => this.forget(closed));
    this.sessions.add(session);
    server.clients.set(session.client.id, session.client);
  }

  private forget(session: Session): void {
    const server = this.server;
    const client = session.client;
    this.sessions.delete(session);
    server.clients.delete(client.id);
    server.pubsub.removeClient(client);
    server.watches.unwatchAll(client);
    server.monitors.delete(client);
  }
}
