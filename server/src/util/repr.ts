/** Redis's sdscatrepr: a quoted, escaped form of a binary string (MONITOR, CLIENT LIST, errors). */
export function repr(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    switch (code) {
      case 92:
        out += '\\\\';
        break;
      case 34:
        out += '\\"';
        break;
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 7:
        out += '\\a';
        break;
      case 8:
        out += '\\b';
        break;
      default:
        out += code >= 32 && code < 127 ? text[index] : `\\x${code.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}
