/**
 * iCalendar text encoding (RFC 5545): TEXT values escaped per §3.3.11, content lines folded per §3.1 — at
 * most 75 octets of UTF-8 before each CRLF, a continuation starting with one space, never splitting a
 * multi-byte character — and every line ended by CRLF. Pure, so the calendar builder and its tests share it.
 */

/** §3.3.11: backslash, semicolon and comma are escaped; a line break becomes "\n". */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** The inverse of escapeText (what a calendar reader does), for tests and round trips. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const encoder = new TextEncoder();
const MAX_OCTETS = 75;

/** One content line folded to ≤ 75 octets per physical line (§3.1), each ending in CRLF. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // Continuation lines start with a space, which counts towards their 75 octets.
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.map((l) => `${l}\r\n`).join('');
}

/** Joins folded lines back (§3.1 "unfolding"): a CRLF followed by one space or tab is removed. */
export function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l, i, all) => l !== '' || i < all.length - 1);
}

/** DATE value (§3.3.4) of a local calendar day, YYYYMMDD. */
export function icsDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
}

/** DATE-TIME in UTC (§3.3.5 form #2), for DTSTAMP. */
export function icsUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
