/**
 * Finds where JSON.parse gave up. V8 names the position for most errors but not for
 * "Unexpected token …", so we re-scan the text; only called after JSON.parse failed.
 */
export interface JsonErrorPosition {
  line: number;
  column: number;
  /** The text ended in the middle of a value (typically a truncated download). */
  atEnd: boolean;
}

export function locateJsonError(text: string): JsonErrorPosition | undefined {
  let offset: number | undefined;
  try {
    offset = firstErrorOffset(text);
  } catch {
    return undefined; // nesting too deep for the scanner
  }
  if (offset === undefined) return undefined;
  return { ...lineAndColumn(text, offset), atEnd: offset >= text.length };
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntaxError {
  readonly offset: number;
  constructor(offset: number) {
    this.offset = offset;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON forbids raw control characters inside strings: matching them is the point here.
// eslint-disable-next-line no-control-regex
const STRING_BODY = /[^"\\\u0000-\u001f]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function firstErrorOffset(text: string): number | undefined {
  let pos = 0;
  const fail = (at: number = pos): never => {
    throw new JsonSyntaxError(at);
  };
  const skipWhitespace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const expect = (char: string) => {
    if (text[pos] !== char) fail();
    pos++;
  };
  const matchSticky = (pattern: RegExp): boolean => {
    pattern.lastIndex = pos;
    if (!pattern.test(text)) return false;
    pos = pattern.lastIndex;
    return true;
  };
  const parseString = () => {
    expect('"');
    for (;;) {
      matchSticky(STRING_BODY);
      if (text[pos] === '"') return void pos++;
      if (text[pos] !== '\\' || !matchSticky(ESCAPE)) fail();
    }
  };
  const parseValue = (): void => {
    skipWhitespace();
    const char = text[pos];
    if (char === '{') return parseContainer('}', () => {
      skipWhitespace();
      parseString();
      skipWhitespace();
      expect(':');
      parseValue();
    });
    if (char === '[') return parseContainer(']', parseValue);
    if (char === '"') return parseString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, pos)) return void (pos += literal.length);
      const rest = text.length - pos;
      if (rest > 0 && rest < literal.length && literal.startsWith(text.slice(pos))) fail(text.length);
    }
    if (!matchSticky(NUMBER)) fail();
  };
  const parseContainer = (close: string, parseItem: () => void) => {
    pos++;
    skipWhitespace();
    if (text[pos] === close) return void pos++;
    for (;;) {
      parseItem();
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      return expect(close);
    }
  };

  try {
    parseValue();
    skipWhitespace();
    if (pos < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return Math.min(error.offset, text.length);
    throw error;
  }
}
