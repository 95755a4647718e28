/** Binding a gRPC server to host:port (port 0 picks a free one) and stopping it. */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { serverOptions } from './grpc-options.js';

/** A new gRPC server with the log's message-size and keepalive options. */
export function createGrpcServer(): Server {
  return new Server(serverOptions());
}

/** Listen on `target` (host:port, [v6]:port) without TLS (the log runs on a private network); resolves with the bound port. */
export function bindServer(server: Server, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(target, ServerCredentials.createInsecure(), (error, bound) => (error === null ? resolve(bound) : reject(error)));
  });
}

/** Stop accepting calls and end the open ones, waiting at most `graceMs` for them to finish. */
export function stopServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
