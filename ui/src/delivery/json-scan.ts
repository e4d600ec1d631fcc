// Reading JSON text without JSON.parse.
//
// JSON.parse is recursive in every engine: a body nested 100,000 levels deep
// makes it throw "too much recursion" in one engine and succeed in another, and
// what it returns has lost the literals as sent (big numbers rounded, escapes
// decoded). These loops keep an explicit stack instead, so any depth costs only
// memory, and they work on offsets into the original text so every literal can
// be shown exactly as it arrived.

/** Where and why a text is not JSON. `line` and `column` count from 1. */
export type JsonProblem = { offset: number; line: number; column: number; message: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** JSON's own whitespace: space, tab, line feed, carriage return. */
export function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

class NotJson extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const ESCAPABLE = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** Checks the string literal opening at `start`; returns the index past its closing quote. */
/** A run of characters that need no look inside a string; sticky, so it matches only where asked. */
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

function checkString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    // The regex engine skips ordinary characters far faster than a loop: long strings are common.
    PLAIN_RUN.lastIndex = i;
    PLAIN_RUN.test(text);
    i = PLAIN_RUN.lastIndex;
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    if (code < 0x20) throw new NotJson(i, "control character inside a string (it must be escaped)");
    if (code !== BACKSLASH) {
      i++;
      continue;
    }
    const escaped = text.charCodeAt(i + 1);
    if (escaped === 0x75) {
      for (let k = 2; k < 6; k++) {
        if (!isHex(text.charCodeAt(i + k))) throw new NotJson(i, "\\u must be followed by four hex digits");
      }
      i += 6;
    } else if (ESCAPABLE.has(escaped)) {
      i += 2;
    } else {
      throw new NotJson(i, "unknown escape in a string");
    }
  }
  throw new NotJson(start, "string never closed");
}

function checkDigits(text: string, at: number): number {
  let i = at;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === at) throw new NotJson(at, "a digit was expected in the number");
  return i;
}

/** Checks the number starting at `start`; returns the index past it. */
function checkNumber(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) {
    i++;
    if (isDigit(text.charCodeAt(i))) throw new NotJson(i, "numbers cannot have leading zeros");
  } else {
    i = checkDigits(text, i);
  }
  if (text.charCodeAt(i) === 0x2e) i = checkDigits(text, i + 1);
  const exponent = text.charCodeAt(i);
  if (exponent === 0x65 || exponent === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    i = checkDigits(text, i);
  }
  return i;
}

/** Checks one scalar value (string, number, true, false, null); returns the index past it. */
function checkScalar(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === QUOTE) return checkString(text, at);
  if (code === 0x2d || isDigit(code)) return checkNumber(text, at);
  for (const word of ["true", "false", "null"]) {
    if (text.startsWith(word, at)) return at + word.length;
  }
  throw new NotJson(at, at >= text.length ? "the text ends where a value was expected" : "a value was expected");
}

// What the checker expects next.
const enum Expect {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  CommaOrClose,
}

function check(text: string): void {
  const stack: number[] = []; // the open containers: OPEN_OBJECT or OPEN_ARRAY
  let expect = Expect.Value;
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // An empty container closes where its first member could start.
    const closesEmpty =
      (expect === Expect.ValueOrClose && code === CLOSE_ARRAY) || (expect === Expect.KeyOrClose && code === CLOSE_OBJECT);
    if (closesEmpty) {
      stack.pop();
      i = skipSpace(text, i + 1);
      expect = Expect.CommaOrClose;
      continue;
    }
    switch (expect) {
      case Expect.ValueOrClose:
      case Expect.Value:
        if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
          stack.push(code);
          i++;
          expect = code === OPEN_OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
        } else {
          i = checkScalar(text, i);
          expect = Expect.CommaOrClose;
        }
        break;
      case Expect.KeyOrClose:
      case Expect.Key:
        if (code !== QUOTE) throw new NotJson(i, "a quoted key was expected");
        i = checkString(text, i);
        expect = Expect.Colon;
        break;
      case Expect.Colon:
        if (code !== COLON) throw new NotJson(i, "':' was expected after the key");
        i++;
        expect = Expect.Value;
        break;
      case Expect.CommaOrClose: {
        const open = stack[stack.length - 1];
        if (open === undefined) throw new NotJson(i, "unexpected text after the end of the JSON value");
        const close = open === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        if (code === COMMA) {
          expect = open === OPEN_OBJECT ? Expect.Key : Expect.Value;
        } else if (code === close) {
          stack.pop();
        } else {
          throw new NotJson(i, open === OPEN_OBJECT ? "',' or '}' was expected" : "',' or ']' was expected");
        }
        i++;
        break;
      }
    }
    i = skipSpace(text, i);
  }
  if (expect !== Expect.CommaOrClose || stack.length > 0) throw new NotJson(text.length, "the text ends before the JSON value does");
}

/** Null when `text` is one valid JSON value (what JSON.parse accepts), else where it goes wrong. */
export function findJsonProblem(text: string): JsonProblem | null {
  try {
    check(text);
    return null;
  } catch (error) {
    if (!(error instanceof NotJson)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), message: error.message };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

// The helpers below assume text already checked by findJsonProblem.

/** Index just past the closing quote of the string literal opening at `start`. */
export function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Index just past the value starting at `start` (no leading space). */
export function valueEnd(text: string, start: number): number {
  const code = text.charCodeAt(start);
  if (code === QUOTE) return stringEnd(text, start);
  if (code === OPEN_OBJECT || code === OPEN_ARRAY) return measureContainer(text, start, () => {}).end;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isJsonSpace(c)) break;
    i++;
  }
  return i;
}

/** A container's extent: `end` is past its closing bracket; `members` counts its direct members. */
export type Extent = { start: number; end: number; members: number };

/**
 * Measures the container opening at `start` and every container inside it in
 * one pass, with an explicit stack; `record` sees each of them as it closes
 * (innermost first). A caller remembering these never scans a part twice,
 * which keeps opening a deeply nested body level by level linear.
 */
export function measureContainer(text: string, start: number, record: (start: number, end: number, members: number) => void): Extent {
  const starts: number[] = [];
  const commas: number[] = [];
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      starts.push(i);
      commas.push(0);
    } else if (c === COMMA) {
      commas[commas.length - 1]! += 1;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      const open = starts.pop() as number;
      const count = commas.pop() as number;
      const members = skipSpace(text, open + 1) === i ? 0 : count + 1;
      record(open, i + 1, members);
      if (starts.length === 0) return { start: open, end: i + 1, members };
    }
    i++;
  }
  return { start, end: text.length, members: 0 };
}

/** How many members the object or array opening at `start` holds. */
export function countMembers(text: string, start: number): number {
  return measureContainer(text, start, () => {}).members;
}
