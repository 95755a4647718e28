/**
 * The sorted set value (Redis t_zset.c): members (binary strings, unique) with a double score
 * each, ordered by score, then by member bytes. Two encodings, as Redis 7.0:
 *
 * - **listpack** (small sets): the members in order packed into one binary string (each after
 *   a length prefix) and their scores in an array; every operation is a scan, as in Redis's
 *   listpack. Scores are kept as Redis's listpack keeps them (as text, which turns -0 into 0).
 * - **skiplist** (once a set passes zset-max-listpack-entries members or a member passes
 *   zset-max-listpack-value bytes; one-way): the order in an order-statistic B+ tree (leaves of
 *   up to LEAF_MAX elements, inner nodes with their children's element counts), which gives
 *   O(log n) insert, delete, rank, and range starts by rank, score or member bytes; plus a member
 *   index: members and scores at dense positions (random picks, ZSCAN cursors) and an
 *   open-addressing hash table of positions (seeded, linear probing, load at most 1/2).
 *
 * Memory per member: a listpack holds its bytes and a length prefix, plus 8 bytes of score; a
 * skiplist the member string, two slots in the tree's leaves, two in the dense arrays and 8 to
 * 16 bytes of hash table, with no per-member object.
 *
 * The public API is what the sorted-set and geo commands need: `insert`, `updateScore`, `set`,
 * `remove`, `score`, `rank`, counts below a score or member (rank starts of ranges),
 * `scoreRanks`, `forEachInRanks`, `removeRanks`, `randomElement`, `scan`, and `fromSorted` to
 * build a result set.
 */
import { listpackEntryBytes } from './listpack-size.js';
import { allocationSize, sdsAllocationBytes } from './allocation.js';
import { formatDouble } from '../util/number.js';
import type { CollectionValue } from './collection.js';
import { hashString } from './string-hash.js';

/** The encoding thresholds a write obeys (Redis zset-max-listpack-entries / -value). */
export interface SortedSetLimits {
  /** A listpack set holding more members than this becomes a skiplist. */
  readonly entriesMax: number;
  /** A member longer than this (bytes) makes a listpack set a skiplist. */
  readonly valueBytesMax: number;
}

/** A score interval (ZRANGEBYSCORE min max, `(` for exclusive ends). */
export interface ScoreRange {
  readonly min: number;
  readonly minExclusive: boolean;
  readonly max: number;
  readonly maxExclusive: boolean;
}

/** One end of a member interval (ZRANGEBYLEX): `-` and `+` are the infinite ends. */
export type LexBound =
  | { readonly kind: 'minus' }
  | { readonly kind: 'plus' }
  | { readonly kind: 'value'; readonly text: string; readonly exclusive: boolean };

/** Sees one element: its member and score. */
export type ElementVisitor = (member: string, score: number) => void;

/** Elements of a leaf at most; a fuller leaf splits in two. */
const LEAF_MAX = 128;
/** Elements of a leaf (other than the root) at least; an emptier leaf merges with a neighbour. */
const LEAF_MIN = LEAF_MAX / 4;
/** Children of an inner node at most. */
const BRANCH_MAX = 64;
/** Children of an inner node (other than the root) at least. */
const BRANCH_MIN = BRANCH_MAX / 4;
/** Leaves built by `fromSorted` are filled to this, leaving room for inserts. */
const LEAF_FILL = (LEAF_MAX * 3) / 4;
/** Inner nodes built by `fromSorted` get this many children. */
const BRANCH_FILL = (BRANCH_MAX * 3) / 4;
/** Tree levels at most (BRANCH_MIN^64 is far beyond any set): a bound for descents. */
const DEPTH_MAX = 64;
/** A range removal taking at least 1/REBUILD_FRACTION_INVERSE of the set rebuilds the tree instead of removing one by one. */
const REBUILD_FRACTION_INVERSE = 4;
/** The smallest hash table of the member index (slots). */
const TABLE_SLOTS_MIN = 8;
/** The member index's table is rebuilt smaller when fewer than 1/TABLE_SHRINK_RATIO of its slots are used. */
const TABLE_SHRINK_RATIO = 8;

/** sizeof(robj). */
const OBJECT_HEADER_BYTES = 16;
/** sizeof(zset) (dict and skiplist pointers) plus sizeof(zskiplist) (header, tail, length, level). */
const ZSET_STRUCTS_BYTES = 16 + 32;
/** sizeof(dict) in Redis 7.0. */
const DICT_BYTES = 56;
/** sizeof(dictEntry) in Redis 7.0 (key, value, next). */
const DICT_ENTRY_BYTES = 24;
/** A dict bucket is one pointer. */
const DICT_BUCKET_BYTES = 8;
/** Redis's DICT_HT_INITIAL_SIZE. */
const DICT_SLOTS_MIN = 4;
/** The skiplist header node: member, score, backward pointer, 32 levels of (forward, span). */
const SKIPLIST_HEADER_BYTES = 24 + 32 * 16;
/**
 * A skiplist node's expected allocation: 24 bytes plus 16 per level, levels drawn with p = 1/4
 * (48 bytes three times in four, 64 in 3/16...). Redis's levels are random, so MEMORY USAGE of a
 * skiplist set is an estimate in Redis too.
 */
const SKIPLIST_NODE_BYTES_EXPECTED = 53;
/** Bytes of an empty listpack: total bytes (4), element count (2), end marker (1). */
const LISTPACK_EMPTY_BYTES = 7;
/** Redis's d2string writes a score as an integer within ±LLONG_MAX/2 (as a double: 2^62). */
const LISTPACK_INTEGER_SCORE_MAX = 2 ** 62;

// ---- the order: an order-statistic B+ tree ---------------------------------------------------

/** A run of elements in order; the bottom level of the tree, linked both ways. */
class Leaf {
  next: Leaf | null = null;
  prev: Leaf | null = null;
  constructor(
    public members: string[],
    public scores: number[],
  ) {}
}

/**
 * An inner node: its children in order, the element count of each, and for each child but the
 * first a bound: at most the child's first element and above every element of the child before.
 */
class Branch {
  constructor(
    public children: TreeNode[],
    public counts: number[],
    public boundScores: number[],
    public boundMembers: string[],
  ) {}
}

type TreeNode = Leaf | Branch;

/** True when a prefix of the order satisfies it: (score, member) pairs before some point. */
type Before = (score: number, member: string) => boolean;

/** Where an element is: a leaf and an index in it. */
interface Position {
  leaf: Leaf;
  index: number;
}

/** The elements of a sorted set in order, with O(log n) rank arithmetic. */
class RankTree {
  private root: TreeNode = new Leaf([], []);
  size = 0;

  /** A tree holding the given elements (sorted, no repeated member), built level by level in O(n). */
  static fromSorted(members: string[], scores: number[]): RankTree {
    const tree = new RankTree();
    tree.size = members.length;
    if (members.length <= LEAF_MAX) {
      tree.root = new Leaf(members, scores);
      return tree;
    }
    const leafSizes = evenParts(members.length, LEAF_FILL);
    let level: TreeNode[] = [];
    let counts: number[] = [];
    let start = 0;
    let previous: Leaf | null = null;
    for (const size of leafSizes) {
      const leaf = new Leaf(members.slice(start, start + size), scores.slice(start, start + size));
      leaf.prev = previous;
      if (previous !== null) previous.next = leaf;
      previous = leaf;
      level.push(leaf);
      counts.push(size);
      start += size;
    }
    for (let depth = 0; depth < DEPTH_MAX && level.length > 1; depth++) {
      const next: TreeNode[] = [];
      const nextCounts: number[] = [];
      let first = 0;
      for (const width of evenParts(level.length, BRANCH_FILL)) {
        const children = level.slice(first, first + width);
        const branch = new Branch(children, counts.slice(first, first + width), [], []);
        for (const child of children) {
          branch.boundScores.push(firstScore(child));
          branch.boundMembers.push(firstMember(child));
        }
        next.push(branch);
        nextCounts.push(sum(branch.counts));
        first += width;
      }
      level = next;
      counts = nextCounts;
    }
    tree.root = level[0] as TreeNode;
    return tree;
  }

  /** Add an element whose member is not in the tree. */
  insert(score: number, member: string): void {
    const split = this.insertInto(this.root, score, member);
    this.size++;
    if (split === null) return;
    const old = this.root;
    this.root = new Branch([old, split], [nodeSize(old), nodeSize(split)], [firstScore(old), firstScore(split)], [firstMember(old), firstMember(split)]);
  }

  /** Remove an element; false when it is not there. */
  remove(score: number, member: string): boolean {
    if (!this.removeFrom(this.root, score, member)) return false;
    this.size--;
    for (let depth = 0; depth < DEPTH_MAX && this.root instanceof Branch && this.root.children.length === 1; depth++) {
      this.root = this.root.children[0] as TreeNode;
    }
    return true;
  }

  /** How many elements satisfy `before` (a predicate true on a prefix of the order). */
  countBefore(before: Before): number {
    let node = this.root;
    let total = 0;
    for (let depth = 0; depth < DEPTH_MAX; depth++) {
      if (node instanceof Leaf) {
        const leaf = node;
        return total + prefixLength(leaf.members.length, (index) => before(leaf.scores[index] as number, leaf.members[index] as string));
      }
      const branch = node;
      const child = boundsBefore(branch, before);
      for (let index = 0; index < child; index++) total += branch.counts[index] as number;
      node = branch.children[child] as TreeNode;
    }
    throw new Error('assertion: sorted set tree deeper than DEPTH_MAX');
  }

  /** The rank (elements before it) of (score, member), present or not. */
  rankOf(score: number, member: string): number {
    let node = this.root;
    let total = 0;
    for (let depth = 0; depth < DEPTH_MAX; depth++) {
      if (node instanceof Leaf) return total + leafRankOf(node, score, member);
      const branch = node;
      // Strictly before: an element equal to a bound lies in the child that bound starts.
      const child = childFor(branch, score, member);
      for (let index = 0; index < child; index++) total += branch.counts[index] as number;
      node = branch.children[child] as TreeNode;
    }
    throw new Error('assertion: sorted set tree deeper than DEPTH_MAX');
  }

  /** The leaf and index of the element of rank `rank` (0 <= rank < size). */
  locate(rank: number): Position {
    let node = this.root;
    let remaining = rank;
    for (let depth = 0; depth < DEPTH_MAX; depth++) {
      if (node instanceof Leaf) return { leaf: node, index: remaining };
      const counts = node.counts;
      let child = 0;
      for (; child < counts.length - 1 && remaining >= (counts[child] as number); child++) remaining -= counts[child] as number;
      node = node.children[child] as TreeNode;
    }
    throw new Error('assertion: sorted set tree deeper than DEPTH_MAX');
  }

  /** Visit the elements of ranks start .. stop - 1, ascending, or descending from stop - 1 when `reverse`. */
  forEachInRanks(start: number, stop: number, reverse: boolean, visit: ElementVisitor): void {
    if (start >= stop) return;
    const position = this.locate(reverse ? stop - 1 : start);
    let leaf: Leaf | null = position.leaf;
    let index = position.index;
    for (let remaining = stop - start; remaining > 0 && leaf !== null; ) {
      const members: string[] = leaf.members;
      const scores: number[] = leaf.scores;
      if (reverse) {
        for (; index >= 0 && remaining > 0; index--, remaining--) visit(members[index] as string, scores[index] as number);
        leaf = leaf.prev;
        index = leaf === null ? 0 : leaf.members.length - 1;
      } else {
        for (; index < members.length && remaining > 0; index++, remaining--) visit(members[index] as string, scores[index] as number);
        leaf = leaf.next;
        index = 0;
      }
    }
  }

  countScoresBefore(score: number, inclusive: boolean): number {
    return this.countBefore(inclusive ? (other) => other <= score : (other) => other < score);
  }

  countMembersBefore(bound: string, inclusive: boolean): number {
    return this.countBefore(inclusive ? (_score, member) => member <= bound : (_score, member) => member < bound);
  }

  private insertInto(node: TreeNode, score: number, member: string): TreeNode | null {
    if (node instanceof Leaf) {
      const at = leafRankOf(node, score, member);
      node.members.splice(at, 0, member);
      node.scores.splice(at, 0, score);
      return node.members.length > LEAF_MAX ? splitLeaf(node) : null;
    }
    const child = childFor(node, score, member);
    const split = this.insertInto(node.children[child] as TreeNode, score, member);
    (node.counts[child] as number)++;
    if (split === null) return null;
    const splitSize = nodeSize(split);
    node.counts[child] = (node.counts[child] as number) - splitSize;
    node.children.splice(child + 1, 0, split);
    node.counts.splice(child + 1, 0, splitSize);
    node.boundScores.splice(child + 1, 0, firstScore(split));
    node.boundMembers.splice(child + 1, 0, firstMember(split));
    return node.children.length > BRANCH_MAX ? splitBranch(node) : null;
  }

  private removeFrom(node: TreeNode, score: number, member: string): boolean {
    if (node instanceof Leaf) {
      const at = leafRankOf(node, score, member);
      if (node.members[at] !== member || node.scores[at] !== score) return false;
      node.members.splice(at, 1);
      node.scores.splice(at, 1);
      return true;
    }
    const child = childFor(node, score, member);
    const target = node.children[child] as TreeNode;
    if (!this.removeFrom(target, score, member)) return false;
    (node.counts[child] as number)--;
    if (target instanceof Leaf ? target.members.length < LEAF_MIN : target.children.length < BRANCH_MIN) rebalance(node, child);
    return true;
  }
}

/** How many elements of `leaf` come before (score, member) (a binary search, written out: it is the hot path). */
function leafRankOf(leaf: Leaf, score: number, member: string): number {
  const scores = leaf.scores;
  const members = leaf.members;
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = scores[middle] as number;
    if (other < score || (other === score && (members[middle] as string) < member)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The child of `branch` whose elements may include (score, member): the number of bounds after the first at or before it. */
function childFor(branch: Branch, score: number, member: string): number {
  const scores = branch.boundScores;
  const members = branch.boundMembers;
  let low = 1;
  let high = scores.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = scores[middle] as number;
    if (other < score || (other === score && (members[middle] as string) <= member)) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Split a leaf in two halves; the new right half is returned (linked after the leaf). */
function splitLeaf(leaf: Leaf): Leaf {
  const half = leaf.members.length >> 1;
  const right = new Leaf(leaf.members.slice(half), leaf.scores.slice(half));
  leaf.members.length = half;
  leaf.scores.length = half;
  right.next = leaf.next;
  if (right.next !== null) right.next.prev = right;
  right.prev = leaf;
  leaf.next = right;
  return right;
}

/** Split an inner node in two halves; the right half's first bound separates them. */
function splitBranch(branch: Branch): Branch {
  const half = branch.children.length >> 1;
  const right = new Branch(branch.children.slice(half), branch.counts.slice(half), branch.boundScores.slice(half), branch.boundMembers.slice(half));
  branch.children.length = half;
  branch.counts.length = half;
  branch.boundScores.length = half;
  branch.boundMembers.length = half;
  return right;
}

/**
 * Child `child` of `parent` is below its minimum: join it with a neighbour, and split the two
 * evenly again when together they are too many for one node.
 */
function rebalance(parent: Branch, child: number): void {
  if (parent.children.length < 2) return;
  const left = child > 0 ? child - 1 : child;
  const leftNode = parent.children[left] as TreeNode;
  const rightNode = parent.children[left + 1] as TreeNode;
  if (leftNode instanceof Leaf) {
    rebalanceLeaves(parent, left, leftNode, rightNode as Leaf);
  } else {
    rebalanceBranches(parent, left, leftNode, rightNode as Branch);
  }
}

function rebalanceLeaves(parent: Branch, left: number, leftLeaf: Leaf, rightLeaf: Leaf): void {
  const members = leftLeaf.members.concat(rightLeaf.members);
  const scores = leftLeaf.scores.concat(rightLeaf.scores);
  if (members.length <= LEAF_MAX) {
    leftLeaf.members = members;
    leftLeaf.scores = scores;
    leftLeaf.next = rightLeaf.next;
    if (rightLeaf.next !== null) rightLeaf.next.prev = leftLeaf;
    removeChild(parent, left + 1);
    parent.counts[left] = members.length;
    return;
  }
  const half = members.length >> 1;
  leftLeaf.members = members.slice(0, half);
  leftLeaf.scores = scores.slice(0, half);
  rightLeaf.members = members.slice(half);
  rightLeaf.scores = scores.slice(half);
  parent.counts[left] = half;
  parent.counts[left + 1] = members.length - half;
  parent.boundScores[left + 1] = rightLeaf.scores[0] as number;
  parent.boundMembers[left + 1] = rightLeaf.members[0] as string;
}

function rebalanceBranches(parent: Branch, left: number, leftBranch: Branch, rightBranch: Branch): void {
  const children = leftBranch.children.concat(rightBranch.children);
  const counts = leftBranch.counts.concat(rightBranch.counts);
  // The parent's bound between the two is the bound of the right node's first child.
  const boundScores = leftBranch.boundScores.concat([parent.boundScores[left + 1] as number], rightBranch.boundScores.slice(1));
  const boundMembers = leftBranch.boundMembers.concat([parent.boundMembers[left + 1] as string], rightBranch.boundMembers.slice(1));
  if (children.length <= BRANCH_MAX) {
    leftBranch.children = children;
    leftBranch.counts = counts;
    leftBranch.boundScores = boundScores;
    leftBranch.boundMembers = boundMembers;
    removeChild(parent, left + 1);
    parent.counts[left] = sum(counts);
    return;
  }
  const half = children.length >> 1;
  leftBranch.children = children.slice(0, half);
  leftBranch.counts = counts.slice(0, half);
  leftBranch.boundScores = boundScores.slice(0, half);
  leftBranch.boundMembers = boundMembers.slice(0, half);
  rightBranch.children = children.slice(half);
  rightBranch.counts = counts.slice(half);
  rightBranch.boundScores = boundScores.slice(half);
  rightBranch.boundMembers = boundMembers.slice(half);
  parent.counts[left] = sum(leftBranch.counts);
  parent.counts[left + 1] = sum(rightBranch.counts);
  parent.boundScores[left + 1] = boundScores[half] as number;
  parent.boundMembers[left + 1] = boundMembers[half] as string;
}

function removeChild(parent: Branch, child: number): void {
  parent.children.splice(child, 1);
  parent.counts.splice(child, 1);
  parent.boundScores.splice(child, 1);
  parent.boundMembers.splice(child, 1);
}

/** The child a descent with `before` continues in: the number of bounds (after the first child) before the point. */
function boundsBefore(branch: Branch, before: Before): number {
  const scores = branch.boundScores;
  const members = branch.boundMembers;
  return prefixLength(scores.length - 1, (index) => before(scores[index + 1] as number, members[index + 1] as string));
}

/** Binary search: how many of the indexes 0 .. length - 1 satisfy `test`, which holds on a prefix. */
function prefixLength(length: number, test: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function nodeSize(node: TreeNode): number {
  return node instanceof Leaf ? node.members.length : sum(node.counts);
}

function firstScore(node: TreeNode): number {
  return node instanceof Leaf ? (node.scores[0] as number) : (node.boundScores[0] as number);
}

function firstMember(node: TreeNode): string {
  return node instanceof Leaf ? (node.members[0] as string) : (node.boundMembers[0] as string);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** `total` split into the fewest parts of at most `part`, as even as possible. */
function evenParts(total: number, part: number): number[] {
  const count = Math.ceil(total / part);
  const base = Math.floor(total / count);
  const larger = total - base * count;
  const parts: number[] = [];
  for (let index = 0; index < count; index++) parts.push(index < larger ? base + 1 : base);
  return parts;
}

// ---- the member index of a skiplist set ------------------------------------------------------

/**
 * Members and scores at dense positions 0 .. size - 1 (a removal moves the last one into the
 * hole), found by member through an open-addressing table of positions + 1 (0: empty slot).
 */
class MemberIndex {
  readonly members: string[] = [];
  readonly scores: number[] = [];
  private table = new Int32Array(TABLE_SLOTS_MIN);

  constructor(private readonly seed: number) {}

  get size(): number {
    return this.members.length;
  }

  /** The position of `member`, or -1. */
  find(member: string): number {
    const stored = this.table[this.slotOf(this.table, member)] as number;
    return stored - 1;
  }

  /** Add a member that is not in the index. */
  add(member: string, score: number): void {
    const size = this.members.length;
    if (2 * (size + 1) > this.table.length) this.rebuild(size + 1);
    this.members.push(member);
    this.scores.push(score);
    this.table[this.slotOf(this.table, member)] = size + 1;
  }

  /** Remove the member at `position`: its slot empties and the last member moves into its place. */
  removeAt(position: number): void {
    const table = this.table;
    const members = this.members;
    this.clearSlot(table, this.slotOf(table, members[position] as string));
    const last = members.length - 1;
    if (position !== last) {
      const moved = members[last] as string;
      members[position] = moved;
      this.scores[position] = this.scores[last] as number;
      table[this.slotOf(table, moved)] = position + 1;
    }
    members.length = last;
    this.scores.length = last;
    if (table.length > TABLE_SLOTS_MIN && last * TABLE_SHRINK_RATIO < table.length) this.rebuild(last);
  }

  /** The slot holding `member` in `table`, or the empty slot where it would go. */
  private slotOf(table: Int32Array, member: string): number {
    const mask = table.length - 1;
    let slot = hashString(member, this.seed) & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const stored = table[slot] as number;
      if (stored === 0 || this.members[stored - 1] === member) return slot;
      slot = (slot + 1) & mask;
    }
    throw new Error('assertion: a sorted set index with no empty slot');
  }

  private rebuild(members: number): void {
    let slots = TABLE_SLOTS_MIN;
    while (slots < 2 * members) slots *= 2;
    const table = new Int32Array(slots);
    const size = this.members.length;
    for (let position = 0; position < size; position++) table[this.slotOf(table, this.members[position] as string)] = position + 1;
    this.table = table;
  }

  /**
   * Linear probing deletion without tombstones: empty `slot`, then move back every later entry
   * of the cluster whose home slot is not cyclically between the hole and itself.
   */
  private clearSlot(table: Int32Array, slot: number): void {
    const mask = table.length - 1;
    let hole = slot;
    table[hole] = 0;
    let current = hole;
    for (let probes = 0; probes < mask; probes++) {
      current = (current + 1) & mask;
      const stored = table[current] as number;
      if (stored === 0) return;
      const home = hashString(this.members[stored - 1] as string, this.seed) & mask;
      const homeBetween = hole <= current ? home > hole && home <= current : home > hole || home <= current;
      if (!homeBetween) {
        table[hole] = stored;
        table[current] = 0;
        hole = current;
      }
    }
  }
}

// ---- the listpack: members packed in one string ---------------------------------------------

/** A packed member's length prefix is one char below this, else this mark and four chars of length. */
const LONG_LENGTH_MARK = 255;

function lengthPrefix(length: number): string {
  if (length < LONG_LENGTH_MARK) return String.fromCharCode(length);
  return String.fromCharCode(LONG_LENGTH_MARK, (length >>> 24) & 255, (length >>> 16) & 255, (length >>> 8) & 255, length & 255);
}

/** The length of the packed member whose prefix starts at `position`. */
function lengthAt(text: string, position: number): number {
  const first = text.charCodeAt(position);
  if (first < LONG_LENGTH_MARK) return first;
  const high = (text.charCodeAt(position + 1) << 24) | (text.charCodeAt(position + 2) << 16);
  return (high | (text.charCodeAt(position + 3) << 8) | text.charCodeAt(position + 4)) >>> 0;
}

function prefixLengthOf(length: number): number {
  return length < LONG_LENGTH_MARK ? 1 : 5;
}

/** The packed member at [start, start + length) against `member`, as memcmp then length: negative, 0 or positive. */
function compareStored(text: string, start: number, length: number, member: string): number {
  const common = Math.min(length, member.length);
  for (let index = 0; index < common; index++) {
    const difference = text.charCodeAt(start + index) - member.charCodeAt(index);
    if (difference !== 0) return difference;
  }
  return length - member.length;
}

/**
 * A listpack set: its members in order in one binary string, each after a length prefix, and
 * their scores in an array. Every operation is a scan, as in Redis's listpack (which holds at
 * most zset-max-listpack-entries members); a change rebuilds the string (flat, by join).
 */
class PackedRun {
  constructor(
    public text: string,
    public scores: number[],
  ) {}

  /** A run of the given elements (sorted, no repeated member). */
  static fromSorted(members: readonly string[], scores: number[]): PackedRun {
    const parts: string[] = [];
    for (const member of members) parts.push(lengthPrefix(member.length), member);
    return new PackedRun(parts.join(''), scores);
  }

  get size(): number {
    return this.scores.length;
  }

  /** The score of `member`, or undefined. */
  scoreOf(member: string): number | undefined {
    const text = this.text;
    const scores = this.scores;
    let position = 0;
    for (let index = 0; index < scores.length; index++) {
      const length = lengthAt(text, position);
      const start = position + prefixLengthOf(length);
      if (length === member.length && text.startsWith(member, start)) return scores[index];
      position = start + length;
    }
    return undefined;
  }

  /** How many elements come before (score, member), and where the first of the others starts in the text. */
  private locate(score: number, member: string): { index: number; position: number } {
    const text = this.text;
    const scores = this.scores;
    let position = 0;
    let index = 0;
    for (; index < scores.length; index++) {
      const other = scores[index] as number;
      const length = lengthAt(text, position);
      const start = position + prefixLengthOf(length);
      if (!(other < score || (other === score && compareStored(text, start, length, member) < 0))) break;
      position = start + length;
    }
    return { index, position };
  }

  /** Add an element whose member is not in the run. */
  insert(score: number, member: string): void {
    const { index, position } = this.locate(score, member);
    const text = this.text;
    this.text = [text.slice(0, position), lengthPrefix(member.length), member, text.slice(position)].join('');
    this.scores.splice(index, 0, score);
  }

  /** Remove an element; false when it is not there. */
  remove(score: number, member: string): boolean {
    const { index, position } = this.locate(score, member);
    const text = this.text;
    if (index >= this.scores.length || this.scores[index] !== score) return false;
    const length = lengthAt(text, position);
    const start = position + prefixLengthOf(length);
    if (length !== member.length || !text.startsWith(member, start)) return false;
    this.text = [text.slice(0, position), text.slice(start + length)].join('');
    this.scores.splice(index, 1);
    return true;
  }

  /** The rank of (score, member). */
  rankOf(score: number, member: string): number {
    return this.locate(score, member).index;
  }

  countScoresBefore(score: number, inclusive: boolean): number {
    const scores = this.scores;
    return prefixLength(scores.length, inclusive ? (index) => (scores[index] as number) <= score : (index) => (scores[index] as number) < score);
  }

  /** How many members, from the first, are below `bound` (or equal when `inclusive`): a scan, as Redis's listpack does. */
  countMembersBefore(bound: string, inclusive: boolean): number {
    const text = this.text;
    const size = this.scores.length;
    let position = 0;
    let index = 0;
    for (; index < size; index++) {
      const length = lengthAt(text, position);
      const start = position + prefixLengthOf(length);
      const order = compareStored(text, start, length, bound);
      if (order > 0 || (order === 0 && !inclusive)) break;
      position = start + length;
    }
    return index;
  }

  /** Where entry `index` (its prefix) starts in the text, scanning from `position`, the start of entry `from`. */
  positionOf(index: number, from = 0, position = 0): number {
    const text = this.text;
    let at = position;
    for (let entry = from; entry < index; entry++) {
      const length = lengthAt(text, at);
      at += prefixLengthOf(length) + length;
    }
    return at;
  }

  forEachInRanks(start: number, stop: number, reverse: boolean, visit: ElementVisitor): void {
    if (start >= stop) return;
    const text = this.text;
    const scores = this.scores;
    let position = this.positionOf(start);
    /** With `reverse`: where each member starts and its length, to visit them backwards. */
    const bounds: number[] = [];
    for (let index = start; index < stop; index++) {
      const length = lengthAt(text, position);
      const begin = position + prefixLengthOf(length);
      if (reverse) bounds.push(begin, length);
      else visit(text.slice(begin, begin + length), scores[index] as number);
      position = begin + length;
    }
    for (let index = stop - 1; index >= start && reverse; index--) {
      const begin = bounds[2 * (index - start)] as number;
      visit(text.slice(begin, begin + (bounds[2 * (index - start) + 1] as number)), scores[index] as number);
    }
  }

  /** Remove the entries of ranks start .. stop - 1. */
  removeRange(start: number, stop: number): void {
    const from = this.positionOf(start);
    const to = this.positionOf(stop, start, from);
    const text = this.text;
    this.text = [text.slice(0, from), text.slice(to)].join('');
    this.scores.splice(start, stop - start);
  }
}

// ---- the value ----------------------------------------------------------------------------------

/** A sorted set. Create it empty (listpack) or with `fromSorted`; the commands delete it once empty. */
export class SortedSetValue implements CollectionValue {
  /** The elements in order: packed while listpack, a tree once skiplist. */
  private order: PackedRun | RankTree = new PackedRun('', []);
  /** null while listpack. */
  private index: MemberIndex | null = null;

  /** `seed` keys the member index's hash (draw it from the server's randomness: no crafted collisions). */
  constructor(private readonly seed: number) {}

  /**
   * A set of the given elements, sorted by (score, member) with no repeated member, in the
   * encoding Redis would reach by adding them one by one under `limits`. Takes the arrays.
   */
  static fromSorted(seed: number, members: string[], scores: number[], limits: SortedSetLimits): SortedSetValue {
    const value = new SortedSetValue(seed);
    let longest = 0;
    for (const member of members) longest = Math.max(longest, member.length);
    if (members.length <= limits.entriesMax && longest <= limits.valueBytesMax) {
      value.order = PackedRun.fromSorted(members, scores.map(listpackScore));
    } else {
      value.order = RankTree.fromSorted(members, scores);
      value.buildIndex();
    }
    return value;
  }

  get size(): number {
    return this.order.size;
  }

  /** True while the set is a listpack (ZSCAN returns it whole, scores as the listpack holds them). */
  get isListpack(): boolean {
    return this.index === null;
  }

  /** The score of `member`, or undefined when it is not in the set. O(1) (a scan while listpack). */
  score(member: string): number | undefined {
    const index = this.index;
    if (index === null) return (this.order as PackedRun).scoreOf(member);
    const position = index.find(member);
    return position < 0 ? undefined : index.scores[position];
  }

  /**
   * Add a member that is not in the set (Redis zsetAdd of a new element): a listpack becomes a
   * skiplist first when the new member would pass `limits`.
   */
  insert(member: string, score: number, limits: SortedSetLimits): void {
    if (this.index === null && (this.size + 1 > limits.entriesMax || member.length > limits.valueBytesMax)) this.convert();
    const index = this.index;
    if (index === null) {
      this.order.insert(listpackScore(score), member);
      return;
    }
    index.add(member, score);
    this.order.insert(score, member);
  }

  /** Give a member of the set a new score (a no-op when equal, -0 and 0 included, as Redis). */
  updateScore(member: string, score: number): void {
    const current = this.score(member);
    if (current === undefined) throw new Error('assertion: updateScore of a member not in the set');
    if (current === score) return;
    if (!this.order.remove(current, member)) throw new Error('assertion: a sorted set member missing from its order');
    const index = this.index;
    if (index === null) {
      this.order.insert(listpackScore(score), member);
      return;
    }
    index.scores[index.find(member)] = score;
    this.order.insert(score, member);
  }

  /** Add `member` with `score` or change its score: what happened (GEOADD, tests, simple writers). */
  set(member: string, score: number, limits: SortedSetLimits): 'added' | 'updated' | 'unchanged' {
    const current = this.score(member);
    if (current === undefined) {
      this.insert(member, score, limits);
      return 'added';
    }
    if (current === score) return 'unchanged';
    this.updateScore(member, score);
    return 'updated';
  }

  /** Remove `member`; false when it was not in the set. O(log n). */
  remove(member: string): boolean {
    const index = this.index;
    if (index === null) {
      const score = this.score(member);
      return score !== undefined && this.order.remove(score, member);
    }
    const position = index.find(member);
    if (position < 0) return false;
    if (!this.order.remove(index.scores[position] as number, member)) throw new Error('assertion: a sorted set member missing from its order');
    index.removeAt(position);
    return true;
  }

  /** The rank of `member` counting from the lowest score (0 first), or -1. O(log n). */
  rank(member: string): number {
    const score = this.score(member);
    if (score === undefined) return -1;
    return this.order.rankOf(score, member);
  }

  /** How many elements score below `score` (at or below when `inclusive`): a score range's rank start. */
  countScoresBelow(score: number, inclusive: boolean): number {
    return this.order.countScoresBefore(score, inclusive);
  }

  /**
   * How many elements come before the member bound `bound` (ZRANGEBYLEX; meaningful when all
   * scores are equal, as in Redis). `minus` counts none, `plus` all; a value counts members below
   * it, and the value itself too when `includeEqual`.
   */
  countMembersBelow(bound: LexBound, includeEqual: boolean): number {
    if (bound.kind === 'minus') return 0;
    if (bound.kind === 'plus') return this.size;
    return this.order.countMembersBefore(bound.text, includeEqual);
  }

  /** The ranks of the elements whose scores lie in `range`: start (inclusive) and stop (exclusive). */
  scoreRanks(range: ScoreRange): { start: number; stop: number } {
    const start = this.countScoresBelow(range.min, range.minExclusive);
    const stop = Math.max(start, this.countScoresBelow(range.max, !range.maxExclusive));
    return { start, stop };
  }

  /** The ranks of the members in [min, max] (ZRANGEBYLEX): start (inclusive) and stop (exclusive). */
  lexRanks(min: LexBound, max: LexBound): { start: number; stop: number } {
    const start = this.countMembersBelow(min, min.kind === 'value' && min.exclusive);
    const stop = Math.max(start, this.countMembersBelow(max, !(max.kind === 'value' && max.exclusive)));
    return { start, stop };
  }

  /** Visit the elements of ranks start .. stop - 1, ascending, or from stop - 1 down when `reverse`. */
  forEachInRanks(start: number, stop: number, reverse: boolean, visit: ElementVisitor): void {
    this.order.forEachInRanks(Math.max(0, start), Math.min(stop, this.size), reverse, visit);
  }

  /** Visit every element in order. */
  forEach(visit: ElementVisitor): void {
    this.order.forEachInRanks(0, this.size, false, visit);
  }

  /**
   * Remove the elements of ranks start .. stop - 1, visiting each first (ascending, or descending
   * when `reverse`); returns how many. A removal of a large part rebuilds the order in O(n).
   */
  removeRanks(start: number, stop: number, reverse = false, visit?: ElementVisitor): number {
    const first = Math.max(0, start);
    const last = Math.min(stop, this.size);
    if (first >= last) return 0;
    const order = this.order;
    if (order instanceof PackedRun) {
      if (visit !== undefined) order.forEachInRanks(first, last, reverse, visit);
      order.removeRange(first, last);
      return last - first;
    }
    const members: string[] = [];
    order.forEachInRanks(first, last, reverse, (member, score) => {
      members.push(member);
      visit?.(member, score);
    });
    if (members.length * REBUILD_FRACTION_INVERSE < this.size) {
      for (const member of members) this.remove(member);
      return members.length;
    }
    const keptMembers: string[] = [];
    const keptScores: number[] = [];
    const keep = (member: string, score: number) => {
      keptMembers.push(member);
      keptScores.push(score);
    };
    order.forEachInRanks(0, first, false, keep);
    order.forEachInRanks(last, this.size, false, keep);
    const index = this.index as MemberIndex;
    for (const member of members) index.removeAt(index.find(member));
    this.order = RankTree.fromSorted(keptMembers, keptScores);
    return members.length;
  }

  /**
   * The member and score at a uniformly random rank or position (ZRANDMEMBER), from
   * `random()` in [0, 1).
   */
  randomElement(random: () => number, visit: ElementVisitor): void {
    const index = this.index;
    const pick = Math.floor(random() * this.size);
    if (index !== null) {
      visit(index.members[pick] as string, index.scores[pick] as number);
      return;
    }
    this.order.forEachInRanks(pick, pick + 1, false, visit);
  }

  /**
   * One ZSCAN step over a skiplist set: visits up to `count` positions below `cursor` (0 =
   * start) and returns the next cursor (0 = done). Members only ever move to lower positions
   * (a removal fills its hole with the last one), so every member present for the whole scan is
   * visited. A listpack set is visited whole in order and the cursor is 0, as in Redis.
   */
  scan(cursor: number, count: number, visit: ElementVisitor): number {
    const index = this.index;
    if (index === null) {
      this.forEach(visit);
      return 0;
    }
    let position = cursor === 0 ? index.size : Math.min(cursor, index.size);
    for (let visited = 0; visited < count && position > 0; visited++) {
      position--;
      visit(index.members[position] as string, index.scores[position] as number);
    }
    return position;
  }

  clone(): SortedSetValue {
    const copy = new SortedSetValue(this.seed);
    const order = this.order;
    if (order instanceof PackedRun) {
      copy.order = new PackedRun(order.text, order.scores.slice()); // strings are immutable: the text is shared
      return copy;
    }
    const members: string[] = [];
    const scores: number[] = [];
    this.forEach((member, score) => {
      members.push(member);
      scores.push(score);
    });
    copy.order = RankTree.fromSorted(members, scores);
    copy.buildIndex();
    return copy;
  }

  encoding(): string {
    return this.index === null ? 'listpack' : 'skiplist';
  }

  /** Redis objectComputeSize: the listpack's allocation, or the skiplist's structures with `samples` members measured. */
  memoryBytes(samples: number): number {
    if (this.index === null) return OBJECT_HEADER_BYTES + allocationSize(this.listpackBytes());
    const size = this.size;
    const fixed = OBJECT_HEADER_BYTES + ZSET_STRUCTS_BYTES + DICT_BYTES + DICT_BUCKET_BYTES * dictSlotsFor(size) + allocationSize(SKIPLIST_HEADER_BYTES);
    const measured = samples <= 0 ? size : Math.min(samples, size);
    let elementBytes = 0;
    this.order.forEachInRanks(0, measured, false, (member) => {
      elementBytes += sdsAllocationBytes(member.length) + DICT_ENTRY_BYTES + SKIPLIST_NODE_BYTES_EXPECTED;
    });
    return measured === 0 ? fixed : Math.floor(fixed + (elementBytes / measured) * size);
  }

  /** Encoding and elements in order, scores as exact text (-0 kept). */
  canonical(): unknown {
    const entries: [string, string][] = [];
    this.forEach((member, score) => entries.push([member, formatDouble(score)]));
    return { encoding: this.encoding(), entries };
  }

  /** Redis zsetConvert to a skiplist: the order moves into a tree and every member is indexed. */
  private convert(): void {
    const members: string[] = [];
    const scores: number[] = [];
    this.forEach((member, score) => {
      members.push(member);
      scores.push(score);
    });
    this.order = RankTree.fromSorted(members, scores);
    this.buildIndex();
  }

  private buildIndex(): void {
    const index = new MemberIndex(this.seed);
    this.forEach((member, score) => index.add(member, score));
    this.index = index;
  }

  /** The listpack's bytes: header and end, then member and score entries. */
  private listpackBytes(): number {
    let bytes = LISTPACK_EMPTY_BYTES;
    this.forEach((member, score) => {
      bytes += listpackEntryBytes(member) + listpackEntryBytes(listpackScoreText(score));
    });
    return bytes;
  }
}

/** The score a listpack gives back: it holds the text of `listpackScoreText`, which reads back exactly but for -0. */
function listpackScore(score: number): number {
  return score === 0 ? 0 : score;
}

/**
 * A score as Redis 7.0's d2string writes it into a listpack (and ZSCAN of a listpack set shows
 * it): an integer within ±2^62 in decimal, anything else as %.17g.
 */
export function listpackScoreText(score: number): string {
  if (Number.isInteger(score) && score >= -LISTPACK_INTEGER_SCORE_MAX && score <= LISTPACK_INTEGER_SCORE_MAX) {
    return Number.isSafeInteger(score) ? String(score === 0 ? 0 : score) : BigInt(score).toString();
  }
  return formatDouble(score);
}

/** Redis _dictNextExp: the smallest power of two holding `members`, at least DICT_SLOTS_MIN. */
function dictSlotsFor(members: number): number {
  let slots = DICT_SLOTS_MIN;
  while (slots < members) slots *= 2;
  return slots;
}
