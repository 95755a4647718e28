/** Parsing host:port addresses and the `--peers` list (id=host:port,...) of a log cluster. */
import { txlogLimits } from '../core/limits.js';
import type { NodeId } from '../core/types.js';

/** A host and port to listen on or connect to. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** `host:port` or `[v6]:port`, port 0..65535; an error message otherwise. */
export function parseHostPort(text: string): HostPort | string {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (match === null) return `'${text}' is not HOST:PORT`;
  const port = Number(match[3]);
  if (port > 65_535) return `port ${port} in '${text}' is out of range`;
  return { host: (match[1] ?? match[2]) as string, port };
}

/** host:port as a gRPC target (IPv6 in brackets). */
export function formatHostPort(address: HostPort): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** `1=HOST:PORT,2=HOST:PORT,...` as node id -> address; an error message when malformed. */
export function parsePeers(text: string): Map<NodeId, string> | string {
  const peers = new Map<NodeId, string>();
  for (const item of text.split(',')) {
    const separator = item.indexOf('=');
    if (separator < 0) return `'${item}' is not ID=HOST:PORT`;
    const idText = item.slice(0, separator);
    const id = Number(idText);
    if (!/^\d{1,10}$/.test(idText) || id < 1 || id > 0xffffffff) return `node id '${idText}' is not an integer from 1 to 4294967295`;
    if (peers.has(id)) return `node id ${id} appears twice`;
    const address = parseHostPort(item.slice(separator + 1));
    if (typeof address === 'string') return address;
    if (address.port === 0) return `node ${id} needs a real port, not 0`;
    peers.set(id, formatHostPort(address));
  }
  if (peers.size > txlogLimits.clusterNodesMax) return `${peers.size} nodes; a cluster has at most ${txlogLimits.clusterNodesMax}`;
  return peers;
}
