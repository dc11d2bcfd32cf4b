// Card numbers (PANs) must never leave the bridge, whichever field a customer or a module put them
// in. A PAN is 13-19 digits passing the Luhn check, written contiguously or in groups separated by
// single spaces or dashes ("4111 1111 1111 1111").

// A run of digits where single spaces/dashes may separate groups; at least 13 digits.
const CANDIDATE = /\d(?:[ -]?\d){12,}/g;
const CONTIGUOUS_RUN = /\d{13,}/g;
const MIN_PAN = 13;
const MAX_PAN = 19;

/** Luhn (mod 10) check over a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isPan(digits: string): boolean {
  return digits.length >= MIN_PAN && digits.length <= MAX_PAN && passesLuhn(digits);
}

/** Masks every digit of a PAN except its last four, keeping separators: "****-****-****-1111". */
function maskGroups(groups: string[], from: number, to: number): void {
  let keep = 4;
  for (let g = to; g >= from; g--) {
    const group = groups[g] ?? '';
    const visible = Math.min(keep, group.length);
    keep -= visible;
    groups[g] = '*'.repeat(group.length - visible) + group.slice(group.length - visible);
  }
}

function redactRun(run: string): string {
  const separators: string[] = [];
  const groups: string[] = [];
  let start = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run[i];
    if (c === ' ' || c === '-') {
      groups.push(run.slice(start, i));
      separators.push(c);
      start = i + 1;
    }
  }
  groups.push(run.slice(start));

  let changed = false;
  // At each group, take the longest window of whole groups that is a PAN.
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    let best = -1;
    for (let j = i; j < groups.length; j++) {
      digits += groups[j];
      if (digits.length > MAX_PAN) {
        break;
      }
      if (isPan(digits)) {
        best = j;
      }
    }
    if (best >= 0) {
      maskGroups(groups, i, best);
      changed = true;
      i = best;
    }
  }
  if (!changed) {
    return run;
  }
  // separators[g - 1] sits before groups[g]; nothing before the first group.
  let out = '';
  for (const [g, group] of groups.entries()) {
    out += (separators[g - 1] ?? '') + group;
  }
  return out;
}

/** Replaces every card number in free text by a mask that keeps only its last four digits. */
export function redactCardNumbers(text: string): string {
  if (text.length < MIN_PAN) {
    return text;
  }
  CANDIDATE.lastIndex = 0;
  if (!CANDIDATE.test(text)) {
    return text;
  }
  CANDIDATE.lastIndex = 0;
  return text.replace(CANDIDATE, redactRun);
}

/** True when the text holds 13-19 contiguous digits passing Luhn (the checks' definition). */
export function containsCardNumber(text: string): boolean {
  const runs = text.match(CONTIGUOUS_RUN);
  return runs !== null && runs.some(isPan);
}
