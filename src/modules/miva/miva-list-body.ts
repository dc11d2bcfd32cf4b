// Decoding a list answer (`{"success":1,"data":{"total_count":…,"data":[…]}}`) element by element
// instead of as one document, keeping each element's exact bytes.
//
// Why: an order page is megabytes of UTF-8, and almost every order holds some non-ASCII text.
// V8 decodes such a page into one two-byte string slowly, and storing each order meant
// re-serialising it (which also rewrites Miva's number formatting). Split at the element
// boundaries, each order is decoded and parsed on its own, and its bytes go to the database as
// Miva sent them. The result is exactly what JSON.parse of the whole body gives: the envelope
// around the list is parsed too, every element is parsed by JSON.parse, and the separators
// between elements are checked here, so a malformed body fails just as it would in one piece.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The exact bytes each decoded list element arrived as (kept while the element is alive). */
const sources = new WeakMap<object, Buffer>();

/**
 * The bytes Miva sent for this list element, when it was decoded by `decodeListBody`; undefined
 * for anything else (an object built or re-read some other way).
 */
export function sourceBytesOf(element: object): Buffer | undefined {
  return sources.get(element);
}

/**
 * Parses a json.mvc answer like JSON.parse would. When it is a list answer (`data.data` an array)
 * its elements are parsed one by one and their bytes remembered (see `sourceBytesOf`).
 * Throws a SyntaxError on malformed JSON, like JSON.parse.
 */
export function decodeListBody(body: Buffer): unknown {
  const list = findListArray(body);
  if (list === undefined) {
    return JSON.parse(body.toString('utf8')) as unknown;
  }
  const elements: unknown[] = [];
  let i = skipWhitespace(body, list.open + 1);
  if (body[i] !== CLOSE_ARRAY) {
    for (;;) {
      const end = skipValue(body, i);
      const bytes = body.subarray(i, end);
      const element = JSON.parse(bytes.toString('utf8')) as unknown;
      if (typeof element === 'object' && element !== null) {
        sources.set(element, bytes);
      }
      elements.push(element);
      i = skipWhitespace(body, end);
      if (body[i] === CLOSE_ARRAY) {
        break;
      }
      expect(body, i, COMMA);
      i = skipWhitespace(body, i + 1);
    }
  }
  // The envelope with an empty list in place of the elements.
  const envelope = JSON.parse(
    Buffer.concat([body.subarray(0, list.open + 1), body.subarray(i)]).toString('utf8'),
  ) as { data: { data: unknown[] } };
  envelope.data.data = elements;
  return envelope;
}

/** Where `data.data` opens, when the body is an object whose `data` object holds an array there. */
function findListArray(body: Buffer): { open: number } | undefined {
  const outer = memberValue(body, skipWhitespace(body, 0), 'data');
  if (outer === undefined || body[outer] !== OPEN_OBJECT) {
    return undefined;
  }
  const inner = memberValue(body, outer, 'data');
  return inner !== undefined && body[inner] === OPEN_ARRAY ? { open: inner } : undefined;
}

/** Where the value of member `name` starts in the object opening at `open`, if it has one. */
function memberValue(body: Buffer, open: number, name: string): number | undefined {
  if (body[open] !== OPEN_OBJECT) {
    return undefined;
  }
  let i = skipWhitespace(body, open + 1);
  while (body[i] === QUOTE) {
    const keyEnd = skipString(body, i);
    const key = body.toString('utf8', i + 1, keyEnd - 1);
    i = skipWhitespace(body, keyEnd);
    expect(body, i, COLON);
    const value = skipWhitespace(body, i + 1);
    if (key === name) {
      return value;
    }
    i = skipWhitespace(body, skipValue(body, value));
    if (body[i] !== COMMA) {
      return undefined;
    }
    i = skipWhitespace(body, i + 1);
  }
  return undefined;
}

/** The index just past the JSON value starting at `start` (its syntax is checked by JSON.parse). */
function skipValue(body: Buffer, start: number): number {
  const first = body[start];
  if (first === QUOTE) {
    return skipString(body, start);
  }
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // A number, true, false or null: up to the next separator.
    let i = start;
    while (i < body.length && !isSeparator(body[i] ?? 0)) {
      i++;
    }
    return i;
  }
  let depth = 0;
  for (let i = start; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) {
      i = skipString(body, i) - 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
    } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) {
      return i + 1;
    }
  }
  throw new SyntaxError('Unexpected end of JSON input');
}

/** The index just past the string whose opening quote is at `start`. */
function skipString(body: Buffer, start: number): number {
  for (let i = start + 1; i < body.length; i++) {
    const c = body[i];
    if (c === BACKSLASH) {
      i++;
    } else if (c === QUOTE) {
      return i + 1;
    }
  }
  throw new SyntaxError('Unterminated string in JSON');
}

function skipWhitespace(body: Buffer, start: number): number {
  let i = start;
  while (
    i < body.length &&
    (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09)
  ) {
    i++;
  }
  return i;
}

function isSeparator(c: number): boolean {
  return (
    c === COMMA ||
    c === CLOSE_OBJECT ||
    c === CLOSE_ARRAY ||
    c === 0x20 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09
  );
}

function expect(body: Buffer, i: number, char: number): void {
  if (body[i] !== char) {
    throw new SyntaxError(
      i >= body.length
        ? 'Unexpected end of JSON input'
        : `Unexpected token ${String.fromCharCode(body[i] ?? 0)} in JSON at position ${i}`,
    );
  }
}
