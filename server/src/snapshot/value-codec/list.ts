/**
 * The list codec. A list keeps its quicklist layout: its fill (list-max-listpack-size, i32), the
 * node count (varint), then per node its element count (varint) and its elements (varint length,
 * bytes), head first. Every node holds at least one element and a list at least one node.
 */
import { ListValue } from '../../keyspace/list.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import { ELEMENTS_PER_VALUE_MAX, LIST_NODES_MAX } from '../format.js';

/** The fills a list may have (ListValue clamps list-max-listpack-size to these). */
const FILL_MIN = -5;
const FILL_MAX = 32767;
/** Bytes of the smallest node: its element count and one empty element. */
const NODE_BYTES_MIN = 2;
/** Bytes of the smallest element: an empty string's length. */
const ELEMENT_BYTES_MIN = 1;

/** Write a list value. */
export function encodeList(list: ListValue, out: ByteWriter): void {
  out.i32(list.listpackFill);
  const sizes = list.nodeSizes();
  const values = list.values();
  out.varint(sizes.length);
  let next = 0;
  for (const size of sizes) {
    out.varint(size);
    for (let index = 0; index < size; index++) out.text(values[next++] as string);
  }
}

/** Read a list value. */
export function decodeList(input: ByteReader): ListValue {
  const fill = input.i32('list fill');
  if (fill < FILL_MIN || fill > FILL_MAX) input.fail(`list fill ${fill} is outside ${FILL_MIN} .. ${FILL_MAX}`);
  const nodeCount = input.count('list node count', LIST_NODES_MAX, NODE_BYTES_MIN);
  if (nodeCount === 0) input.fail('a list without nodes');
  const nodes: string[][] = new Array<string[]>(nodeCount);
  let total = 0;
  for (let node = 0; node < nodeCount; node++) {
    const size = input.count('list node element count', ELEMENTS_PER_VALUE_MAX - total, ELEMENT_BYTES_MIN);
    if (size === 0) input.fail(`list node ${node} holds no elements`);
    const elements = new Array<string>(size);
    for (let index = 0; index < size; index++) elements[index] = input.text('list element');
    nodes[node] = elements;
    total += size;
  }
  return ListValue.fromNodes(nodes, fill);
}
