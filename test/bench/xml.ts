/**
 * A small well-formedness check for the SVG the report writes: one root element, every tag closed
 * in order, attributes quoted and not repeated, `&` only in the five predefined entities or a
 * character reference, no `<` in text or attribute values. Returns the problems found (none: well-formed).
 */

const nameCharacters = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.');
const entities = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function isNameCharacter(character: string | undefined): boolean {
  return character !== undefined && nameCharacters.has(character);
}

function isSpace(character: string | undefined): boolean {
  return character === ' ' || character === '\n' || character === '\t' || character === '\r';
}

/** Where `&` may start a valid reference: `&name;` with a predefined name, or `&#123;` / `&#x1F;`. */
function referenceProblem(text: string, at: number): string | null {
  const end = text.indexOf(';', at);
  if (end === -1) return `unterminated & at ${at}`;
  const body = text.slice(at + 1, end);
  if (entities.has(body)) return null;
  const digits = body.startsWith('#x') ? body.slice(2) : body.startsWith('#') ? body.slice(1) : null;
  if (digits !== null && digits.length > 0 && [...digits].every((digit) => '0123456789abcdefABCDEF'.includes(digit))) return null;
  return `unknown reference &${body}; at ${at}`;
}

function characterDataProblems(text: string, offset: number): string[] {
  const problems: string[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '<') problems.push(`< in character data at ${offset + index}`);
    if (text[index] === '&') {
      const problem = referenceProblem(text, index);
      if (problem !== null) problems.push(problem);
    }
  }
  return problems;
}

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly problems: readonly string[];
}

function readName(source: string, start: number): string {
  let end = start;
  while (isNameCharacter(source[end])) end++;
  return source.slice(start, end);
}

/** The attributes part of a start tag, from after its name to before `>` or `/>`. */
function attributeProblems(source: string, offset: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let index = 0;
  while (index < source.length) {
    if (isSpace(source[index])) {
      index++;
      continue;
    }
    const name = readName(source, index);
    if (name.length === 0) return [...problems, `bad attribute at ${offset + index}`];
    if (seen.has(name)) problems.push(`attribute ${name} repeated at ${offset + index}`);
    seen.add(name);
    index += name.length;
    const quote = source[index + 1];
    if (source[index] !== '=' || (quote !== '"' && quote !== "'")) return [...problems, `attribute ${name} not quoted at ${offset + index}`];
    const end = source.indexOf(quote, index + 2);
    if (end === -1) return [...problems, `attribute ${name} not closed`];
    problems.push(...characterDataProblems(source.slice(index + 2, end), offset + index + 2));
    index = end + 1;
    if (index < source.length && !isSpace(source[index])) problems.push(`no space after attribute ${name} at ${offset + index}`);
  }
  return problems;
}

function readTag(inner: string, offset: number): Tag {
  const closing = inner.startsWith('/');
  const selfClosing = !closing && inner.endsWith('/');
  const body = closing ? inner.slice(1) : selfClosing ? inner.slice(0, -1) : inner;
  const name = readName(body, 0);
  if (name.length === 0) return { name, closing, selfClosing, problems: [`tag without a name at ${offset}`] };
  const rest = body.slice(name.length);
  const problems = closing ? (rest.trim() === '' ? [] : [`closing tag ${name} with attributes`]) : attributeProblems(rest, offset + name.length);
  return { name, closing, selfClosing, problems };
}

/** The problems that keep `source` from being a well-formed XML document (an empty list when it is one). */
export function xmlProblems(source: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let index = 0;
  if (source.startsWith('<?xml')) index = source.indexOf('?>') + 2;
  while (index < source.length) {
    const next = source.indexOf('<', index);
    const text = source.slice(index, next === -1 ? source.length : next);
    if (open.length === 0 && text.trim() !== '') problems.push(`text outside the root at ${index}`);
    problems.push(...characterDataProblems(text, index));
    if (next === -1) break;
    const end = source.indexOf('>', next);
    if (end === -1) return [...problems, `unclosed tag at ${next}`];
    const tag = readTag(source.slice(next + 1, end), next + 1);
    problems.push(...tag.problems);
    if (tag.closing) {
      const expected = open.pop();
      if (expected !== tag.name) problems.push(`</${tag.name}> closes <${expected ?? 'nothing'}> at ${next}`);
    } else {
      if (open.length === 0) roots++;
      if (!tag.selfClosing) open.push(tag.name);
    }
    index = end + 1;
  }
  if (open.length > 0) problems.push(`unclosed elements: ${open.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
