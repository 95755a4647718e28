/**
 * Bitmaps side by side with Redis 7: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO, their options, error texts and order of checks. Values are built with BITFIELD
 * SET so the cases need no other command family; each case uses its own keys.
 */
import { seededRandom } from '../support/executor.js';
import { type Command, describeSideBySide } from '../support/side-by-side.js';

/** A BITFIELD command that writes `text`'s bytes at the start of `key` (creating it). */
function write(key: string, text: string): Command {
  const command: Command = ['BITFIELD', key];
  for (let index = 0; index < text.length; index++) command.push('SET', 'u8', `#${index}`, text.charCodeAt(index));
  return command;
}

/** A BITFIELD_RO command that reads the first `length` bytes of `key` (0 past its end). */
function read(key: string, length: number): Command {
  const command: Command = ['BITFIELD_RO', key];
  for (let index = 0; index < length; index++) command.push('GET', 'u8', `#${index}`);
  return command;
}

/** The length of `key`'s value, through BITOP's reply (it also stores a copy in `scratch`). */
function length(key: string, scratch: string): Command {
  return ['BITOP', 'OR', scratch, key];
}

/** Random bitmap commands over a few keys, reproducible from `seed`; bit offsets stay below `bitsMax`. */
function randomCommands(seed: number, count: number, bitsMax = 160): Command[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const keys = [`r${seed}:a`, `r${seed}:b`, `r${seed}:c`];
  const types = ['u1', 'u3', 'u8', 'u13', 'u32', 'u63', 'i1', 'i5', 'i8', 'i16', 'i33', 'i64'];
  const values = ['0', '1', '-1', '127', '-128', '255', '256', '65535', '-9223372036854775808', '9223372036854775807', '4611686018427387904'];
  const commands: Command[] = [];
  for (let index = 0; index < count; index++) {
    const key = pick(keys);
    switch (integer(0, 6)) {
      case 0:
        commands.push(['SETBIT', key, integer(0, bitsMax), integer(0, 1)]);
        break;
      case 1:
        commands.push(['GETBIT', key, integer(0, bitsMax + 10)]);
        break;
      case 2: {
        const unit = pick(['', 'BIT', 'BYTE']);
        const bound = unit === 'BIT' ? bitsMax : bitsMax / 8;
        const range = [integer(-bound, bound), integer(-bound, bound)];
        commands.push(unit === '' ? ['BITCOUNT', key, ...range] : ['BITCOUNT', key, ...range, unit]);
        break;
      }
      case 3: {
        const form = integer(0, 3);
        const base: Command = ['BITPOS', key, integer(0, 1)];
        const unit = form === 3 ? pick(['BIT', 'BYTE']) : 'BYTE';
        const bound = unit === 'BIT' ? bitsMax : bitsMax / 8;
        if (form >= 1) base.push(integer(-bound, bound));
        if (form >= 2) base.push(integer(-bound, bound));
        if (form === 3) base.push(unit);
        commands.push(base);
        break;
      }
      case 4: {
        const operation = pick(['AND', 'OR', 'XOR', 'NOT']);
        const sources = operation === 'NOT' ? [pick(keys)] : [pick(keys), pick(keys)];
        commands.push(['BITOP', operation, pick(keys), ...sources]);
        break;
      }
      default: {
        const command: Command = ['BITFIELD', key];
        for (let operation = integer(1, 3); operation > 0; operation--) {
          if (random() < 0.3) command.push('OVERFLOW', pick(['WRAP', 'SAT', 'FAIL']));
          const kind = pick(['GET', 'SET', 'INCRBY']);
          const offset = random() < 0.3 ? `#${integer(0, 4)}` : String(integer(0, bitsMax));
          command.push(kind, pick(types), offset);
          if (kind !== 'GET') command.push(pick(values));
        }
        commands.push(command);
      }
    }
  }
  for (const key of keys) commands.push(read(key, 24));
  return commands;
}

describeSideBySide('bitmaps', [
  {
    name: 'SETBIT returns the previous bit and GETBIT reads it back',
    commands: [
      ['SETBIT', 's1', 7, 1],
      ['SETBIT', 's1', 7, 1],
      ['GETBIT', 's1', 7],
      ['GETBIT', 's1', 6],
      ['GETBIT', 's1', 100],
      ['SETBIT', 's1', 7, 0],
      ['SETBIT', 's1', 100, 1],
      length('s1', 's1:len'),
      read('s1', 13),
      ['GETBIT', 's1:missing', 0],
      ['SETBIT', 's1:zero', 0, 0],
      length('s1:zero', 's1:len'),
      ['GETBIT', 's1', 4294967295],
    ],
  },
  {
    name: 'SETBIT and GETBIT reject bad offsets and bit values',
    commands: [
      ['SETBIT', 's2', -1, 1],
      ['SETBIT', 's2', 4294967296, 1],
      ['SETBIT', 's2', 'x', 1],
      ['SETBIT', 's2', '01', 1],
      ['SETBIT', 's2', '+1', 1],
      ['SETBIT', 's2', '#1', 1],
      ['SETBIT', 's2', ' 1', 1],
      ['SETBIT', 's2', '1.0', 1],
      ['SETBIT', 's2', '99999999999999999999', 1],
      ['SETBIT', 's2', 1, 2],
      ['SETBIT', 's2', 1, -1],
      ['SETBIT', 's2', 1, '01'],
      ['SETBIT', 's2', 1, '-0'],
      ['SETBIT', 's2', 1, 'x'],
      ['SETBIT', 's2', 'x', 'x'],
      ['SETBIT', 's2', 1],
      ['GETBIT', 's2', -1],
      ['GETBIT', 's2', 4294967296],
      ['GETBIT', 's2', 'x'],
      ['GETBIT', 's2'],
      ['GETBIT', 's2', 1, 2],
      ['BITCOUNT', 's2'],
    ],
  },
  {
    name: 'BITCOUNT over the whole string and over byte ranges',
    commands: [
      write('c1', 'foobar'),
      ['BITCOUNT', 'c1'],
      ['BITCOUNT', 'c1', 0, 0],
      ['BITCOUNT', 'c1', 1, 1],
      ['BITCOUNT', 'c1', 1, 1, 'BYTE'],
      ['BITCOUNT', 'c1', 1, 1, 'byte'],
      ['BITCOUNT', 'c1', 0, -1],
      ['BITCOUNT', 'c1', -2, -1],
      ['BITCOUNT', 'c1', -100, 100],
      ['BITCOUNT', 'c1', 3, 1],
      ['BITCOUNT', 'c1', 6, 10],
      ['BITCOUNT', 'c1', -1, -2],
      ['BITCOUNT', 'c1', '-9223372036854775808', '9223372036854775807'],
      ['BITCOUNT', 'c1', '9223372036854775807', '-9223372036854775808'],
      ['BITCOUNT', 'c1:missing'],
      ['BITCOUNT', 'c1:missing', 0, 10],
    ],
  },
  {
    name: 'BITCOUNT over bit ranges',
    commands: [
      write('c2', 'foobar'),
      ['BITCOUNT', 'c2', 5, 30, 'BIT'],
      ['BITCOUNT', 'c2', 5, 30, 'bit'],
      ['BITCOUNT', 'c2', 0, 0, 'BIT'],
      ['BITCOUNT', 'c2', 1, 1, 'BIT'],
      ['BITCOUNT', 'c2', 1, 6, 'BIT'],
      ['BITCOUNT', 'c2', -3, -1, 'BIT'],
      ['BITCOUNT', 'c2', -48, -1, 'BIT'],
      ['BITCOUNT', 'c2', 0, 47, 'BIT'],
      ['BITCOUNT', 'c2', 0, 1000, 'BIT'],
      ['BITCOUNT', 'c2', 9, 9, 'BIT'],
      ['BITCOUNT', 'c2', 10, 9, 'BIT'],
      ['BITCOUNT', 'c2', -1, -5, 'BIT'],
      ['BITCOUNT', 'c2', 47, 47, 'BIT'],
    ],
  },
  {
    name: 'BITCOUNT argument errors and the order Redis checks them in',
    commands: [
      write('c3', 'foobar'),
      ['BITCOUNT', 'c3', 1],
      ['BITCOUNT', 'c3', 'a', 'b'],
      ['BITCOUNT', 'c3', 0, 'b'],
      ['BITCOUNT', 'c3', 0, 1, 'foo'],
      ['BITCOUNT', 'c3', 0, 1, 'bit', 'extra'],
      ['BITCOUNT', 'c3', -1, -2, 'foo'],
      ['BITCOUNT', 'c3', 1, -2, 'foo'],
      ['BITCOUNT', 'c3', 'x', 1, 'foo'],
      ['BITCOUNT', 'c3', '99999999999999999999', 1],
      ['BITCOUNT', 'c3:missing', 1],
      ['BITCOUNT', 'c3:missing', 'a', 'b'],
      ['BITCOUNT', 'c3:missing', 0, 1, 'foo'],
      ['BITCOUNT'],
    ],
  },
  {
    name: 'BITPOS finds set and clear bits with and without ranges',
    commands: [
      write('p1', '\xff\xf0\x00'),
      ['BITPOS', 'p1', 0],
      ['BITPOS', 'p1', 1],
      ['BITPOS', 'p1', 0, 0],
      ['BITPOS', 'p1', 0, 2],
      ['BITPOS', 'p1', 1, 2],
      ['BITPOS', 'p1', 1, 1],
      ['BITPOS', 'p1', 0, 1, 1],
      ['BITPOS', 'p1', 0, 5],
      ['BITPOS', 'p1', 1, -1],
      ['BITPOS', 'p1', 1, -2, -1],
      ['BITPOS', 'p1', 0, -100, 100],
      ['BITPOS', 'p1', 1, 2, 1],
      write('p2', '\x00\x00\x01'),
      ['BITPOS', 'p2', 1],
      ['BITPOS', 'p2', 1, 0, 1],
      ['BITPOS', 'p2', 1, 2],
      ['BITPOS', 'p2', 0, 2],
      ['BITPOS', 'p2:missing', 1],
      ['BITPOS', 'p2:missing', 0],
      ['BITPOS', 'p2:missing', 0, 5, 9],
    ],
  },
  {
    name: 'BITPOS looking for a clear bit in an all-ones string: past the end only without an explicit end',
    commands: [
      write('p3', '\xff\xff\xff'),
      ['BITPOS', 'p3', 0],
      ['BITPOS', 'p3', 0, 0],
      ['BITPOS', 'p3', 0, 1],
      ['BITPOS', 'p3', 0, -1],
      ['BITPOS', 'p3', 0, 0, -1],
      ['BITPOS', 'p3', 0, 0, 2],
      ['BITPOS', 'p3', 0, 0, 100],
      ['BITPOS', 'p3', 0, 0, 23, 'BIT'],
      ['BITPOS', 'p3', 0, 3],
      ['BITPOS', 'p3', 1, 3],
      write('p4', '\x00'),
      ['BITPOS', 'p4', 1],
      ['BITPOS', 'p4', 0],
      ['BITPOS', 'p4', 1, 0, -1],
    ],
  },
  {
    name: 'BITPOS with BIT ranges masks the edge bytes',
    commands: [
      write('p5', '\x00\xff\x00'),
      ['BITPOS', 'p5', 1, 7, 15, 'BIT'],
      ['BITPOS', 'p5', 1, 8, 8, 'BIT'],
      ['BITPOS', 'p5', 0, 8, 15, 'BIT'],
      ['BITPOS', 'p5', 0, 9, 14, 'BIT'],
      ['BITPOS', 'p5', 0, 7, 9, 'BIT'],
      ['BITPOS', 'p5', 0, 8, 16, 'BIT'],
      ['BITPOS', 'p5', 1, 0, 7, 'BIT'],
      ['BITPOS', 'p5', 1, 16, 23, 'bit'],
      ['BITPOS', 'p5', 1, -10, -1, 'BIT'],
      ['BITPOS', 'p5', 0, -16, -9, 'BIT'],
      ['BITPOS', 'p5', 1, 3, 20, 'BIT'],
      ['BITPOS', 'p5', 1, 0, 1, 'BYTE'],
      ['BITPOS', 'p5', 1, 20, 3, 'BIT'],
      write('p6', '\xff\x00\xff\xff\x00'),
      ['BITPOS', 'p6', 0, 2, 3],
      ['BITPOS', 'p6', 0, 2, 4],
      ['BITPOS', 'p6', 0, 16, 31, 'BIT'],
      ['BITPOS', 'p6', 0, 17, 33, 'BIT'],
      ['BITPOS', 'p6', 1, 9, 15, 'BIT'],
      ['BITPOS', 'p6', 1, 9, 16, 'BIT'],
    ],
  },
  {
    name: 'BITPOS argument errors and the order Redis checks them in',
    commands: [
      write('p7', 'foobar'),
      ['BITPOS', 'p7', 2],
      ['BITPOS', 'p7', -1],
      ['BITPOS', 'p7', 'x'],
      ['BITPOS', 'p7:missing', 2],
      ['BITPOS', 'p7:missing', 0, 'a'],
      ['BITPOS', 'p7:missing', 0, 1, 2, 'foo'],
      ['BITPOS', 'p7:missing', 0, 1, 2, 'bit', 'x'],
      ['BITPOS', 'p7', 0, 1, 2, 'bit', 'x'],
      ['BITPOS', 'p7', 0, 'x', 2, 'foo'],
      ['BITPOS', 'p7', 0, 1, 'x', 'foo'],
      ['BITPOS', 'p7', 0, 1, 'x', 'byte'],
      ['BITPOS', 'p7', 0, 1, 'x'],
      ['BITPOS', 'p7', 0, 'x'],
      ['BITPOS', 'p7'],
    ],
  },
  {
    name: 'BITOP AND, OR, XOR and NOT over strings of different lengths',
    commands: [
      write('o:a', 'foobar'),
      write('o:b', 'abc'),
      write('o:c', '\xff\x0f'),
      ['BITOP', 'AND', 'o:and', 'o:a', 'o:b'],
      read('o:and', 8),
      ['BITOP', 'or', 'o:or', 'o:a', 'o:b', 'o:c'],
      read('o:or', 8),
      ['BITOP', 'Xor', 'o:xor', 'o:a', 'o:b', 'o:c'],
      read('o:xor', 8),
      ['BITOP', 'NOT', 'o:not', 'o:c'],
      read('o:not', 4),
      ['BITOP', 'AND', 'o:and2', 'o:a', 'o:missing'],
      read('o:and2', 8),
      ['BITOP', 'OR', 'o:a', 'o:a', 'o:c'],
      read('o:a', 8),
      ['BITOP', 'XOR', 'o:self', 'o:b', 'o:b'],
      read('o:self', 4),
      ['BITOP', 'AND', 'o:single', 'o:b'],
      read('o:single', 4),
    ],
  },
  {
    name: 'BITOP with only missing sources deletes the destination and answers 0',
    commands: [
      write('o2:dest', 'x'),
      ['BITOP', 'XOR', 'o2:dest', 'o2:none1', 'o2:none2'],
      ['BITPOS', 'o2:dest', 0],
      ['BITOP', 'NOT', 'o2:dest', 'o2:none1'],
      ['BITOP', 'OR', 'o2:other', 'o2:none1'],
      ['BITCOUNT', 'o2:other'],
    ],
  },
  {
    name: 'BITOP errors: unknown operation, NOT with several sources, arity',
    commands: [
      write('o3:a', 'ab'),
      ['BITOP', 'foo', 'o3:d', 'o3:a'],
      ['BITOP', 'NOT', 'o3:d', 'o3:a', 'o3:a'],
      ['BITOP', 'nand', 'o3:d', 'o3:a', 'o3:a'],
      ['BITOP', 'AND', 'o3:d'],
      ['BITOP', 'NOT'],
    ],
  },
  {
    name: 'BITFIELD GET, SET and INCRBY on signed and unsigned fields',
    commands: [
      ['BITFIELD', 'f1', 'SET', 'i8', 0, 100, 'GET', 'i8', 0, 'INCRBY', 'i8', 0, 10, 'GET', 'u8', 0],
      ['BITFIELD', 'f1', 'SET', 'u4', 3, 15, 'GET', 'u16', 0, 'GET', 'i4', 3, 'get', 'u1', 3],
      ['BITFIELD', 'f1', 'set', 'i64', 8, '-9223372036854775808', 'get', 'i64', 8, 'get', 'u63', 8, 'get', 'u32', 8],
      ['BITFIELD', 'f1', 'SET', 'u63', 13, '9223372036854775807', 'GET', 'u63', 13, 'GET', 'i64', 13, 'GET', 'i64', 12],
      ['BITFIELD', 'f1', 'INCRBY', 'u5', 100, 1, 'INCRBY', 'u5', 100, -1, 'INCRBY', 'i5', 100, -1],
      ['BITFIELD', 'f1', 'GET', 'u8', '#0', 'GET', 'u8', '#1', 'SET', 'u8', '#2', 65, 'GET', 'u8', 16],
      ['BITFIELD', 'f1', 'GET', 'u8', 1000, 'GET', 'i64', 75, 'GET', 'u63', 76],
      read('f1', 16),
      length('f1', 'f1:len'),
      ['BITFIELD', 'f1:missing', 'GET', 'u8', 0, 'GET', 'i64', 100],
      ['BITFIELD', 'f1:missing'],
      ['BITFIELD_RO', 'f1:missing', 'GET', 'i8', 0],
      ['BITCOUNT', 'f1:missing'],
    ],
  },
  {
    name: 'BITFIELD overflow WRAP, SAT and FAIL',
    commands: [
      ['BITFIELD', 'f2', 'SET', 'u8', 0, 255, 'INCRBY', 'u8', 0, 10, 'OVERFLOW', 'SAT', 'INCRBY', 'u8', 0, 10, 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', 0, 300, 'INCRBY', 'u8', 0, -300],
      ['BITFIELD', 'f2', 'OVERFLOW', 'SAT', 'SET', 'u8', 0, -1, 'GET', 'u8', 0, 'SET', 'i8', 8, -1000, 'GET', 'i8', 8],
      ['BITFIELD', 'f2', 'OVERFLOW', 'WRAP', 'SET', 'u8', 16, -1, 'GET', 'u8', 16, 'SET', 'u63', 24, -1, 'GET', 'u63', 24],
      ['BITFIELD', 'f2', 'overflow', 'fail', 'SET', 'u8', 0, -1, 'SET', 'i64', 0, -1, 'INCRBY', 'i64', 0, '-9223372036854775807', 'INCRBY', 'i64', 0, -1],
      ['BITFIELD', 'f2', 'OVERFLOW', 'FAIL', 'SET', 'u63', 0, '9223372036854775807', 'INCRBY', 'u63', 0, 1, 'INCRBY', 'u63', 0, '-9223372036854775808'],
      ['BITFIELD', 'f2', 'OVERFLOW', 'WRAP', 'SET', 'i64', 0, '9223372036854775807', 'INCRBY', 'i64', 0, 1, 'INCRBY', 'i64', 0, -1],
      ['BITFIELD', 'f2', 'OVERFLOW', 'WRAP', 'SET', 'u63', 0, '9223372036854775807', 'INCRBY', 'u63', 0, 1, 'INCRBY', 'u63', 0, -1, 'INCRBY', 'u63', 0, '-9223372036854775808'],
      ['BITFIELD', 'f2', 'OVERFLOW', 'SAT', 'SET', 'i64', 0, '9223372036854775807', 'INCRBY', 'i64', 0, 1, 'INCRBY', 'i64', 0, '-9223372036854775808', 'INCRBY', 'i64', 0, '-9223372036854775808', 'INCRBY', 'i64', 0, -1],
      ['BITFIELD', 'f2', 'OVERFLOW', 'SAT', 'SET', 'u1', 0, 1, 'INCRBY', 'u1', 0, 5, 'INCRBY', 'i1', 0, 1, 'INCRBY', 'i1', 0, -1, 'GET', 'i1', 0, 'INCRBY', 'i1', 0, -5],
      ['BITFIELD', 'f2', 'OVERFLOW', 'WRAP', 'INCRBY', 'i3', 40, 100, 'INCRBY', 'u3', 40, -100, 'SET', 'i3', 40, 4, 'SET', 'i3', 40, -5],
      ['BITFIELD', 'f2', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', 50, '9223372036854775807', 'INCRBY', 'u63', 50, '9223372036854775807', 'INCRBY', 'u63', 50, '-9223372036854775808'],
      ['BITFIELD', 'f2', 'OVERFLOW', 'FAIL', 'SET', 'u8', 200, 256, 'SET', 'i8', 208, -129],
      length('f2', 'f2:len'),
      read('f2', 28),
    ],
  },
  {
    name: 'BITFIELD #N offsets are N times the field width',
    commands: [
      ['BITFIELD', 'f3', 'SET', 'i5', '#3', 7, 'GET', 'i5', 15, 'GET', 'u5', '#3', 'SET', 'u1', '#0', 1],
      ['BITFIELD', 'f3', 'GET', 'u8', '#536870911'],
      ['BITFIELD', 'f3', 'GET', 'u8', '#536870912'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#67108863'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#67108864'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#-1'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#+1'],
      ['BITFIELD', 'f3', 'GET', 'i64', '##1'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#1152921504606846976'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#288230376151711744'],
      ['BITFIELD', 'f3', 'GET', 'i64', '#144115188075855872'],
      ['BITFIELD', 'f3', 'GET', 'u8', 4294967295],
      ['BITFIELD', 'f3', 'GET', 'u8', 4294967296],
      read('f3', 4),
    ],
  },
  {
    name: 'BITFIELD argument errors and the order Redis checks them in',
    commands: [
      ['BITFIELD', 'f4', 'GET', 'u64', 0],
      ['BITFIELD', 'f4', 'GET', 'i65', 0],
      ['BITFIELD', 'f4', 'GET', 'i0', 0],
      ['BITFIELD', 'f4', 'GET', 'u0', 0],
      ['BITFIELD', 'f4', 'GET', 'x8', 0],
      ['BITFIELD', 'f4', 'GET', 'I8', 0],
      ['BITFIELD', 'f4', 'GET', 'u08', 0],
      ['BITFIELD', 'f4', 'GET', 'u-8', 0],
      ['BITFIELD', 'f4', 'GET', 'u', 0],
      ['BITFIELD', 'f4', 'GET', 'u8', -1],
      ['BITFIELD', 'f4', 'GET', 'u8', 'x'],
      ['BITFIELD', 'f4', 'GET', 'u8'],
      ['BITFIELD', 'f4', 'SET', 'u8', 0],
      ['BITFIELD', 'f4', 'INCRBY', 'u8', 0],
      ['BITFIELD', 'f4', 'SET', 'u8', 0, 'x'],
      ['BITFIELD', 'f4', 'SET', 'u8', 0, '1.5'],
      ['BITFIELD', 'f4', 'INCRBY', 'u8', 0, '99999999999999999999'],
      ['BITFIELD', 'f4', 'OVERFLOW'],
      ['BITFIELD', 'f4', 'OVERFLOW', 'foo', 'GET', 'u8', 0],
      ['BITFIELD', 'f4', 'OVERFLOW', 'SAT'],
      ['BITFIELD', 'f4', 'foo'],
      ['BITFIELD', 'f4', 'GET', 'u8', 0, 'foo'],
      ['BITFIELD', 'f4', 'SET', 'u8', 0, 1, 'GET', 'u64', 0],
      ['BITFIELD', 'f4', 'GET', 'u8', 0, 'OVERFLOW', 'bad', 'GET', 'x', 0],
      ['BITFIELD', 'f4', 'GET', 'x', 0, 'OVERFLOW', 'bad'],
      ['BITFIELD', 'f4', 'OVERFLOW', 'fail'],
      ['BITFIELD'],
      ['BITCOUNT', 'f4'],
    ],
  },
  {
    name: 'BITFIELD_RO runs GETs only',
    commands: [
      write('f5', 'hello'),
      ['BITFIELD_RO', 'f5', 'GET', 'u8', 0, 'GET', 'i16', '#1', 'OVERFLOW', 'FAIL', 'GET', 'u4', 4],
      ['BITFIELD_RO', 'f5', 'SET', 'u8', 0, 1],
      ['BITFIELD_RO', 'f5', 'GET', 'u8', 0, 'INCRBY', 'u8', 0, 1],
      ['BITFIELD_RO', 'f5', 'INCRBY', 'u8', 0, 1, 'GET', 'u8', 'x'],
      ['BITFIELD_RO', 'f5', 'OVERFLOW', 'bad'],
      ['BITFIELD_RO', 'f5'],
      ['BITFIELD_RO'],
      read('f5', 5),
    ],
  },
  {
    name: 'a BITFIELD FAIL still creates the key it would have grown',
    commands: [
      ['BITFIELD', 'f6', 'OVERFLOW', 'FAIL', 'SET', 'u8', 8, 256],
      length('f6', 'f6:len'),
      ['BITFIELD', 'f6', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', 40, -200],
      length('f6', 'f6:len'),
    ],
  },
  {
    name: 'a SETBIT or BITFIELD that changes nothing does not break a WATCH',
    commands: [
      write('w1', 'a'),
      ['WATCH', 'w1'],
      ['SETBIT', 'w1', 0, 0],
      ['BITFIELD', 'w1', 'SET', 'u8', 0, 97, 'INCRBY', 'u4', 0, 0, 'GET', 'u8', 0],
      ['BITFIELD', 'w1', 'OVERFLOW', 'FAIL', 'SET', 'u8', 0, 300],
      ['BITFIELD_RO', 'w1', 'GET', 'u8', 0],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ],
  },
  {
    name: 'a SETBIT that changes a bit or grows the string breaks a WATCH',
    commands: [
      write('w2', 'a'),
      ['WATCH', 'w2'],
      ['SETBIT', 'w2', 15, 0],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'w2'],
      ['SETBIT', 'w2', 0, 1],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ],
  },
  {
    name: 'BITOP breaks a WATCH on its destination even when the value is the same',
    commands: [
      write('w3', 'a'),
      ['WATCH', 'w3'],
      ['BITOP', 'AND', 'w3', 'w3'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'w3:none'],
      ['BITOP', 'AND', 'w3:none', 'w3:none2'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ],
  },
  {
    name: 'bitmap commands inside MULTI/EXEC',
    commands: [
      ['MULTI'],
      ['SETBIT', 'm1', 3, 1],
      ['BITFIELD', 'm1', 'INCRBY', 'u4', 4, 9, 'OVERFLOW', 'FAIL', 'INCRBY', 'u4', 4, 9],
      ['BITCOUNT', 'm1'],
      ['BITPOS', 'm1', 1],
      ['SETBIT', 'm1', 'x', 1],
      ['EXEC'],
    ],
  },
  {
    name: 'BITFIELD FAIL answers null in RESP3',
    resp3: true,
    commands: [
      ['BITFIELD', 'r3', 'OVERFLOW', 'FAIL', 'SET', 'u8', 0, 256, 'SET', 'i64', 8, '-9223372036854775808', 'GET', 'u63', 8],
      ['BITFIELD_RO', 'r3', 'GET', 'i64', 8],
    ],
  },
  { name: 'random bitmap commands agree with Redis (seed 1)', commands: randomCommands(1, 400) },
  { name: 'random bitmap commands agree with Redis (seed 2)', commands: randomCommands(2, 400) },
  { name: 'random bitmap commands agree with Redis (seed 3)', commands: randomCommands(3, 400) },
  { name: 'random commands over bitmaps of a few kilobytes agree with Redis (seed 4)', commands: randomCommands(4, 600, 40_000) },
]);
