// Card data never reaches the database, not even inside the raw Miva snapshot kept for remapping.
// A store with a payment passphrase gets decrypted payment data from Miva: Mod10's `number` is the
// full card number. Before a raw order is written, its JSON is rewritten so that:
// - every card number (13-19 digits passing Luhn, contiguous or grouped by spaces or dashes), in
//   any string or number anywhere in the order, keeps only its last four digits;
// - every security-code member (`cvv`, `cvv2`, `cvc`, `cc_cvv`, `security_code` and the like) is
//   removed with its value.
// Everything else stays the exact bytes Miva sent, so remapping reads what it always read.
//
// The JSON text is walked as latin1: every byte is one character, so offsets are byte offsets and
// untouched spans are copied as they came (UTF-8 multi-byte sequences never look like digits,
// quotes or backslashes). A string holding an escape is decoded before it is checked.

import { containsCardNumber, redactCardNumbers } from './card-number';

// Most orders hold no card data and are returned as they are. An order whose only finds are card
// numbers has them masked in place (a mask is as long as the number). Only an order with a
// security-code key, or with an escape of an ASCII character (which could spell a digit or a
// key), is walked token by token.
// One pass over the text finds both (regular expressions took several times as long).

interface Survey {
  /** A security-code key or an ASCII escape: the order is walked. */
  walk: boolean;
  /** Runs of 13+ digits (single spaces or dashes between them allowed): [start, end) pairs. */
  runs: number[];
}

// Words a security-code key holds (lowercase), tried where the text has their first letter.
const KEY_WORDS = [
  'cvv',
  'cvc',
  'secur',
  'verif',
  'cardcode',
  'card_code',
  'card-code',
  'cid"',
  'csc"',
  'cvn"',
  'cvd"',
  'cav2"',
];

function survey(bytes: Buffer): Survey {
  const runs: number[] = [];
  let walk = false;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i] ?? 0;
    if (c >= 0x30 && c <= 0x39) {
      const start = i;
      let digits = 1;
      i++;
      for (;;) {
        const d = bytes[i] ?? 0;
        if (d >= 0x30 && d <= 0x39) {
          digits++;
          i++;
        } else if ((d === 0x20 || d === 0x2d) && isDigit(bytes[i + 1])) {
          i++;
        } else {
          break;
        }
      }
      if (digits >= MIN_CARD_DIGITS) {
        runs.push(start, i);
      }
      continue;
    }
    if (!walk) {
      const lower = c | 0x20;
      if (c === BACKSLASH) {
        walk = isAsciiEscape(bytes, i);
        i += 2;
        continue;
      }
      if (mayStartSecurityWord(lower, (bytes[i + 1] ?? 0) | 0x20) && securityWordAt(bytes, i)) {
        walk = isSecurityCodeKeyAt(bytes, i);
      }
    }
    i++;
  }
  return { walk, runs };
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** `\u00XX` for an ASCII character (XX below 0x80). */
function isAsciiEscape(bytes: Buffer, i: number): boolean {
  const x = bytes[i + 4] ?? 0;
  return (
    bytes[i + 1] === 0x75 &&
    bytes[i + 2] === 0x30 &&
    bytes[i + 3] === 0x30 &&
    x >= 0x30 &&
    x <= 0x37
  );
}

/** c followed by v, a, i or s; s or v followed by e (a cheap filter before securityWordAt). */
function mayStartSecurityWord(first: number, second: number): boolean {
  if (first === 0x63) {
    return second === 0x76 || second === 0x61 || second === 0x69 || second === 0x73;
  }
  return (first === 0x73 || first === 0x76) && second === 0x65;
}

function securityWordAt(bytes: Buffer, i: number): boolean {
  return KEY_WORDS.some((word) => {
    for (let k = 0; k < word.length; k++) {
      const w = word.charCodeAt(k);
      const t = bytes[i + k] ?? 0;
      if (t !== w && (t | 0x20) !== w) {
        return false;
      }
    }
    return true;
  });
}

/**
 * Masks the card numbers of a text with no ASCII escapes: inside a string in place, and a number
 * token that is a card number becomes a string. Undefined when there was none.
 */
function maskInPlace(text: string, runs: number[]): string | undefined {
  let out: string | undefined;
  let copied = 0;
  // Quote parity, advanced lazily: `inString` tells whether `scanned` is inside a string.
  let scanned = 0;
  let inString = false;
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r] ?? 0;
    const run = text.slice(from, runs[r + 1]);
    const masked = redactCardNumbers(run);
    if (masked === run) {
      continue;
    }
    for (let q = text.indexOf('"', scanned); q >= 0 && q < from; q = text.indexOf('"', q + 1)) {
      if (!isEscaped(text, q)) {
        inString = !inString;
      }
      scanned = q + 1;
    }
    scanned = Math.max(scanned, from);
    const end = from + run.length;
    if (!inString && !isNumberToken(text, from, end)) {
      continue; // Digits inside a longer number (a fraction, an exponent): not a card number.
    }
    out = (out ?? '') + text.slice(copied, from) + (inString ? masked : JSON.stringify(masked));
    copied = end;
  }
  return out === undefined ? undefined : out + text.slice(copied);
}

/** Whether text[from, to) is a whole number token of digits only. */
function isNumberToken(text: string, from: number, to: number): boolean {
  const before = from === 0 ? 0x20 : text.charCodeAt(from - 1);
  const startsToken = before === 0x3a || before === 0x5b || before === 0x2c || isSpace(before);
  return (
    startsToken &&
    /^\d+$/.test(text.slice(from, to)) &&
    (to === text.length || isScalarEnd(text.charCodeAt(to)))
  );
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Whether the quote at `at` is escaped (an odd number of backslashes before it). */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) {
    slashes++;
  }
  return slashes % 2 === 1;
}

/** Whether the text at `at` is inside an object key that names a security code. */
function isSecurityCodeKeyAt(bytes: Buffer, at: number): boolean {
  const from = bytes[at] === QUOTE ? at : at - 1;
  const open = from < 0 ? -1 : bytes.lastIndexOf(QUOTE, from);
  const close = open < 0 ? -1 : bytes.indexOf(QUOTE, open + 1);
  if (close < 0) {
    return false;
  }
  let after = close + 1;
  while (isSpace(bytes[after] ?? 0)) {
    after++;
  }
  return bytes[after] === 0x3a && isSecurityCodeKey(bytes.toString('latin1', open + 1, close));
}

// A key is a security code when, lowercased with everything but letters and digits removed, it is
// one of these or ends with one of the longer ones ("cc_cvv2", "card_security_code").
const SECURITY_KEYS = new Set(['cid', 'csc', 'cvn', 'cav2', 'cvd']);
const SECURITY_SUFFIXES = [
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'cvvcode',
  'cvv2code',
  'cvccode',
  'securitycode',
  'cardcode',
  'verificationcode',
  'verificationvalue',
];

// Every security-code key holds one of these (checked first: it is much cheaper than the rule).
const KEY_HINT = /cvv|cvc|cid|csc|cvn|cvd|cav|secur|code|verif/i;

/** True when a member of this name holds a card security code. */
export function isSecurityCodeKey(key: string): boolean {
  if (!KEY_HINT.test(key)) {
    return false;
  }
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECURITY_KEYS.has(k) || SECURITY_SUFFIXES.some((s) => k.endsWith(s));
}

/**
 * The order's JSON with card numbers masked and security codes removed; the same Buffer when
 * there was nothing to scrub. A walk throws a SyntaxError on malformed JSON.
 */
export function scrubRawOrder(json: Buffer): Buffer {
  const found = survey(json);
  if (!found.walk && found.runs.length === 0) {
    return json;
  }
  const text = json.toString('latin1');
  const scrubbed = found.walk ? new Scrubber(text).run() : maskInPlace(text, found.runs);
  return scrubbed === undefined || scrubbed === text ? json : Buffer.from(scrubbed, 'latin1');
}

/** Text form of `scrubRawOrder`, for JSON already held as a string. */
export function scrubRawOrderText(json: string): string {
  return scrubRawOrder(Buffer.from(json, 'utf8')).toString('utf8');
}

const QUOTE = 0x22;
const MIN_CARD_DIGITS = 13;
const BACKSLASH = 0x5c;

/** Whitespace, a comma or a closing bracket: where a number, true, false or null ends. */
function isScalarEnd(c: number): boolean {
  return isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d;
}

interface Edit {
  from: number;
  to: number;
  by: string;
}

class Scrubber {
  private i = 0;
  /** Replacements of input spans, in input order, none overlapping. */
  private edits: Edit[] = [];

  constructor(private readonly text: string) {}

  run(): string {
    this.skipWhitespace();
    this.value();
    this.skipWhitespace();
    if (this.i !== this.text.length) {
      this.fail();
    }
    let out = '';
    let at = 0;
    for (const e of this.edits) {
      out += this.text.slice(at, e.from) + e.by;
      at = e.to;
    }
    return this.edits.length === 0 ? this.text : out + this.text.slice(at);
  }

  private value(): void {
    const c = this.peek();
    if (c === QUOTE) {
      this.string();
    } else if (c === 0x7b) {
      this.object();
    } else if (c === 0x5b) {
      this.array();
    } else {
      this.scalar();
    }
  }

  private object(): void {
    this.i++; // {
    this.skipWhitespace();
    if (this.peek() === 0x7d) {
      this.i++;
      return;
    }
    // Where the last kept member ended: a dropped member after it takes the comma before it.
    let keptEnd = -1;
    for (;;) {
      const memberStart = this.i;
      if (this.peek() !== QUOTE) {
        this.fail();
      }
      const key = this.string();
      this.skipWhitespace();
      this.expect(0x3a);
      this.skipWhitespace();
      this.value();
      const memberEnd = this.i;
      this.skipWhitespace();
      const next = this.peek();
      if (!isSecurityCodeKey(key)) {
        keptEnd = memberEnd;
      } else if (keptEnd >= 0) {
        this.drop(keptEnd, memberEnd);
      } else if (next === 0x2c) {
        // The first member: it goes with the comma (and spacing) after it.
        let after = this.i + 1;
        while (/\s/.test(this.text[after] ?? '')) {
          after++;
        }
        this.drop(memberStart, after);
      } else {
        this.drop(memberStart, memberEnd);
      }
      if (next === 0x7d) {
        this.i++;
        return;
      }
      this.expect(0x2c);
      this.skipWhitespace();
    }
  }

  /** Removes input [from, to), with any edit already made inside it. */
  private drop(from: number, to: number): void {
    let last = this.edits.at(-1);
    while (last !== undefined && last.from >= from) {
      this.edits.pop();
      last = this.edits.at(-1);
    }
    this.edits.push({ from, to, by: '' });
  }

  private array(): void {
    this.i++; // [
    this.skipWhitespace();
    if (this.peek() === 0x5d) {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      if (this.peek() === 0x5d) {
        this.i++;
        return;
      }
      this.expect(0x2c);
      this.skipWhitespace();
    }
  }

  /** Reads a string token, masking card numbers in it; returns its decoded value. */
  private string(): string {
    const start = this.i;
    let escaped = false;
    let j = start + 1;
    for (;;) {
      const c = this.text.charCodeAt(j);
      if (Number.isNaN(c)) {
        throw new SyntaxError('Unterminated string in JSON');
      }
      if (c === BACKSLASH) {
        escaped = true;
        j += 2;
      } else if (c === QUOTE) {
        break;
      } else {
        j++;
      }
    }
    this.i = j + 1;
    if (!escaped) {
      if (j - start - 1 < MIN_CARD_DIGITS) {
        return this.text.slice(start + 1, j);
      }
      const raw = this.text.slice(start + 1, j);
      const masked = redactCardNumbers(raw);
      if (masked !== raw) {
        this.edits.push({ from: start + 1, to: j, by: masked });
      }
      return raw;
    }
    const token = Buffer.from(this.text.slice(start, j + 1), 'latin1').toString('utf8');
    const decoded = JSON.parse(token) as string;
    const masked = redactCardNumbers(decoded);
    if (masked !== decoded) {
      const by = Buffer.from(JSON.stringify(masked), 'utf8').toString('latin1');
      this.edits.push({ from: start, to: j + 1, by });
    }
    return decoded;
  }

  /** A number, true, false or null; a number that is a card number becomes a masked string. */
  private scalar(): void {
    const start = this.i;
    while (this.i < this.text.length && !isScalarEnd(this.text.charCodeAt(this.i))) {
      this.i++;
    }
    if (this.i === start) {
      this.fail();
    }
    const token = this.text.slice(start, this.i);
    if (/^\d{13,19}$/.test(token) && containsCardNumber(token)) {
      this.edits.push({ from: start, to: this.i, by: JSON.stringify(redactCardNumbers(token)) });
    }
  }

  private skipWhitespace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        return;
      }
      this.i++;
    }
  }

  private peek(): number {
    return this.text.charCodeAt(this.i);
  }

  private expect(c: number): void {
    if (this.peek() !== c) {
      this.fail();
    }
    this.i++;
  }

  private fail(): never {
    throw new SyntaxError(`Unexpected token in JSON at position ${this.i}`);
  }
}
