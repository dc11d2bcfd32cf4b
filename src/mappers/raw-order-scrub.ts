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

// Cheap pre-checks: most orders hold no 13-digit run and no security-code key, and are returned
// as they are without a walk.
const DIGIT_RUN = /\d(?:[ -]?\d){12,}/;
const SECURITY_WORD = /cvv|cvc|cvn|csc|cid|secur|card_?code|verification|\\u/i;

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

/** True when a member of this name holds a card security code. */
export function isSecurityCodeKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECURITY_KEYS.has(k) || SECURITY_SUFFIXES.some((s) => k.endsWith(s));
}

/**
 * The order's JSON with card numbers masked and security codes removed; the same Buffer when
 * there was nothing to scrub. Throws a SyntaxError on malformed JSON.
 */
export function scrubRawOrder(json: Buffer): Buffer {
  const text = json.toString('latin1');
  if (!DIGIT_RUN.test(text) && !SECURITY_WORD.test(text)) {
    return json;
  }
  const scrubbed = new Scrubber(text).run();
  return scrubbed === text ? json : Buffer.from(scrubbed, 'latin1');
}

/** Text form of `scrubRawOrder`, for JSON already held as a string. */
export function scrubRawOrderText(json: string): string {
  return scrubRawOrder(Buffer.from(json, 'utf8')).toString('utf8');
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

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
    while (this.edits.length > 0 && this.edits[this.edits.length - 1].from >= from) {
      this.edits.pop();
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
    while (this.i < this.text.length && !/[\s,\]}]/.test(this.text[this.i])) {
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
