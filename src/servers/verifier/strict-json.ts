/**
 * A JSON parser (RFC 8259) for untrusted login payloads that refuses what JSON.parse tolerates: duplicate keys
 * (RFC 8259 §4 leaves them undefined; JSON.parse keeps the last, which lets a payload say two things), nesting
 * beyond a small depth, and lone-surrogate escapes (RFC 8259 §8.2). Values are plain objects without prototype
 * tricks: "__proto__" is an ordinary key here.
 */

export type StrictJsonProblem = 'syntax' | 'duplicate-key' | 'too-deep';

export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  readonly problem: StrictJsonProblem;
  readonly offset: number;

  constructor(problem: StrictJsonProblem, offset: number, message: string) {
    super(`${message} at ${offset}`);
    this.problem = problem;
    this.offset = offset;
  }
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parse(): JsonValue {
    const value = this.value(0);
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('syntax', 'text after the JSON value');
    return value;
  }

  private fail(problem: StrictJsonProblem, message: string): never {
    throw new StrictJsonError(problem, this.pos, message);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  private value(depth: number): JsonValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('syntax', 'expected a JSON value');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private object(depth: number): { [key: string]: JsonValue } {
    if (depth > this.maxDepth) this.fail('too-deep', 'nesting too deep');
    this.pos++; // {
    // defineProperty keeps "__proto__" an ordinary data key instead of changing the prototype.
    const out: { [key: string]: JsonValue } = {};
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('syntax', 'expected a key');
      const keyAt = this.pos;
      const key = this.string();
      if (seen.has(key)) throw new StrictJsonError('duplicate-key', keyAt, `duplicate key ${JSON.stringify(key)}`);
      seen.add(key);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('syntax', 'expected ":"');
      this.pos++;
      Object.defineProperty(out, key, { value: this.value(depth), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === '}') return out;
      if (next !== ',') this.fail('syntax', 'expected "," or "}"');
    }
  }

  private array(depth: number): JsonValue[] {
    if (depth > this.maxDepth) this.fail('too-deep', 'nesting too deep');
    this.pos++; // [
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === ']') return out;
      if (next !== ',') this.fail('syntax', 'expected "," or "]"');
    }
  }

  private hex4(): number {
    const digits = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('syntax', 'bad \\u escape');
    this.pos += 4;
    return parseInt(digits, 16);
  }

  private string(): string {
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('syntax', 'unterminated string');
      const c = this.text[this.pos]!;
      const code = c.charCodeAt(0);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (code < 0x20) this.fail('syntax', 'control character in string');
      if (code >= 0xd800 && code <= 0xdfff) {
        const low = this.text.charCodeAt(this.pos + 1);
        if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) this.fail('syntax', 'lone surrogate in string');
        out += this.text.slice(this.pos, this.pos + 2);
        this.pos += 2;
        continue;
      }
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.text[this.pos + 1];
      this.pos += 2;
      if (e === 'u') {
        const unit = this.hex4();
        if (unit >= 0xdc00 && unit <= 0xdfff) this.fail('syntax', 'lone low surrogate escape');
        if (unit >= 0xd800 && unit <= 0xdbff) {
          if (this.text.slice(this.pos, this.pos + 2) !== '\\u') this.fail('syntax', 'lone high surrogate escape');
          this.pos += 2;
          const low = this.hex4();
          if (low < 0xdc00 || low > 0xdfff) this.fail('syntax', 'lone high surrogate escape');
          out += String.fromCharCode(unit, low);
        } else out += String.fromCharCode(unit);
      } else if (e !== undefined && ESCAPES[e] !== undefined) out += ESCAPES[e];
      else this.fail('syntax', 'bad escape');
    }
  }
}

/** Parses `text`; StrictJsonError for anything that is not one duplicate-free JSON value within `maxDepth`. */
export function parseStrictJson(text: string, maxDepth = 4): JsonValue {
  return new Parser(text, maxDepth).parse();
}
