/**
 * The deadline calendar (issue 16 §1): one event per deadline with the CA's renewal route in its description,
 * as RFC 5545 text — every line CRLF-terminated and at most 75 octets (§3.1), a strict content-line grammar
 * after unfolding, components balanced, TEXT escaped (§3.3.11). No independent iCalendar parser is installed
 * here (python3's standard library has none), so the format is checked line by line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, deadlineEvents } from '../../../src/ui/reminders/deadline-calendar';
import { escapeText, foldLine, unescapeText, unfold } from '../../../src/ui/reminders/ics-text';
import { reminderPlan } from '../../../src/ui/reminders/reminder-plan';
import type { TokenView } from '../../../src/ui/token-view';
import type { KeyRole } from '../../../src/cards/seam/token-model';
import { certRecord, report, tokenRecord } from '../store/fixtures';

const NOW = new Date('2026-12-06T08:00:00Z');
const DAY = 86_400_000;
const iso = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

function view(id: string, certs: Array<{ keyRef: number; key?: KeyRole; days: number; profile: string; sha: string; role?: 'signing' | 'encryption' }>, overrides: Parameters<typeof tokenRecord>[1] = {}): TokenView {
  return {
    record: tokenRecord(id, { isDemo: false, ...overrides }),
    certificates: certs.map((c) =>
      certRecord(id, c.keyRef, {
        ...(c.key ? { role: c.key } : {}),
        report: report({ notAfter: iso(c.days), caProfileId: c.profile, role: c.role ?? 'signing', subject: { CN: '张三', O: '示例科技有限公司' }, fingerprints: { sha256: c.sha.repeat(64), sha1: 'b'.repeat(40) } }),
      }),
    ),
    live: false,
    reading: false,
    error: null,
    pinStatus: null,
  };
}

const VIEWS: TokenView[] = [
  // Two certificates expiring the same day: one event naming both.
  view('usb:1', [{ keyRef: 0x9a, key: 'authentication', days: 25, profile: 'bjca', sha: 'a' }, { keyRef: 0x9d, key: 'encryption', days: 25, profile: 'bjca', sha: 'b', role: 'encryption' }], { label: '公积金（财务科）', notes: '保管：财务科; 联系人电话见 CA 登记, 勿外传' }),
  // A key known by its certificate, 12309: expired 10 days, inside the 30 grace days → remind until the grace end.
  view('cert:' + 'c'.repeat(64), [{ keyRef: 0, days: -10, profile: '12309', sha: 'c' }], { transport: 'certificate-only', label: '' }),
  // Expired long ago with no grace: nothing to remind of.
  view('usb:2', [{ keyRef: 0x9a, key: 'authentication', days: -400, profile: 'cfca', sha: 'd' }]),
  // Far away: an event at its expiry, alarms from the CA's window.
  view('usb:3', [{ keyRef: 0x9a, key: 'authentication', days: 200, profile: 'scca', sha: 'e' }], { label: '社保（人事科）' }),
];

const CONTENT_LINE = /^[A-Z][A-Z0-9-]*(;[A-Z][A-Z0-9-]*=[^;:"]+)*:.*$/;
const octets = (s: string) => new TextEncoder().encode(s).length;

describe('the .ics calendar of deadlines', () => {
  const events = deadlineEvents(VIEWS, NOW, 'zh-CN');
  const text = buildCalendar(events, NOW, 'zh-CN');

  it('has one event per distinct deadline, soonest first, none for a certificate past every deadline', () => {
    expect(events).toHaveLength(3);
    expect(events[0]!.summary).toContain('示例科技有限公司（签名证书）'); // the 12309 grace end (20 days after now), named by its holder
    expect(events[0]!.day.toISOString()).toBe(new Date(NOW.getTime() - 10 * DAY + 30 * DAY).toISOString());
    expect(events[1]!.summary).toBe('UKEY 证书延期截止：公积金（财务科）（身份认证（登录）、加密）');
    expect(events[2]!.summary).toContain('社保（人事科）');
    expect((text.match(/BEGIN:VEVENT\r\n/g) ?? []).length).toBe(3);
  });

  it('puts the CA renewal route, its hotline and the notes in the description', () => {
    const bjca = events[1]!.description;
    expect(bjca).toContain('延期办法：到期前在住建单位企业微信');
    expect(bjca).toContain('4007001900');
    expect(bjca).toContain('备注：保管：财务科; 联系人电话见 CA 登记, 勿外传');
    expect(events[0]!.description).toContain('过期超过 30 天不能延期');
    // Read back as a calendar would: unfold, find the DESCRIPTION, unescape.
    const lines = unfold(text);
    const described = lines.filter((l) => l.startsWith('DESCRIPTION:') && l.includes('UKEY：')).map((l) => unescapeText(l.slice('DESCRIPTION:'.length)));
    expect(described).toContain(bjca);
  });

  it('is strict RFC 5545 text: CRLF lines of at most 75 octets, a content-line grammar, balanced components', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    const physical = text.slice(0, -2).split('\r\n');
    for (const line of physical) {
      expect(octets(line), line).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\r\n]/);
    }
    expect(physical.some((l) => l.startsWith(' '))).toBe(true); // long Chinese descriptions were folded
    const stack: string[] = [];
    for (const line of unfold(text)) {
      expect(line, line).toMatch(CONTENT_LINE);
      if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
      if (line.startsWith('END:')) expect(stack.pop()).toBe(line.slice(4));
    }
    expect(stack).toEqual([]);
    const lines = unfold(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l.startsWith('PRODID:'))).toHaveLength(1);
    for (const l of lines.filter((x) => x.startsWith('DTSTART'))) expect(l).toMatch(/^DTSTART;VALUE=DATE:\d{8}$/);
    for (const l of lines.filter((x) => x.startsWith('DTSTAMP'))) expect(l).toBe('DTSTAMP:20261206T080000Z');
    for (const l of lines.filter((x) => x.startsWith('TRIGGER'))) expect(l).toMatch(/^TRIGGER:-P\d+D$/);
    const uids = lines.filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('alarms at the start of the CA window and a week before; the background reminder plan spans the same window', () => {
    const lines = unfold(text);
    expect(lines.filter((l) => l === 'TRIGGER:-P30D').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l === 'TRIGGER:-P7D')).toHaveLength(3);
    const plan = reminderPlan(events, 'UKEY 证书需要延期');
    expect(plan[1]!.from).toBe(new Date(events[1]!.day.getTime() - 30 * DAY).toISOString());
    expect(plan[1]!.body).toBe(events[1]!.summary);
    expect(JSON.stringify(plan)).not.toMatch(/pin/i);
  });

  it('English calendar too', () => {
    const en = deadlineEvents(VIEWS, NOW, 'en');
    expect(en[1]!.summary).toContain('UKEY certificate renewal deadline: 公积金（财务科）');
    expect(en[1]!.description).toContain('How to renew: Before expiry file a renewal work order');
  });
});

describe('RFC 5545 text encoding (fast-check, 10,000 runs)', () => {
  it('escape → fold → unfold → unescape gives the text back; each line ≤ 75 octets, no character split', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(',', ';', '\\', '\n', '\r\n', ' ', 'é', '延', '期', '😀', ':', '𠀀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 300 }), (value) => {
        const folded = foldLine(`DESCRIPTION:${escapeText(value)}`);
        expect(folded.endsWith('\r\n')).toBe(true);
        for (const line of folded.slice(0, -2).split('\r\n')) {
          const bytes = new TextEncoder().encode(line);
          expect(bytes.length).toBeLessThanOrEqual(75);
          expect(() => decoder.decode(bytes)).not.toThrow();
        }
        const [line] = unfold(folded);
        expect(unescapeText(line!.slice('DESCRIPTION:'.length))).toBe(value.replace(/\r\n|\r/g, '\n'));
      }),
      { numRuns: 10_000 },
    );
  });
});
