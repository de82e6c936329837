/**
 * What a HID key exposes, read only from what the browser describes of it (issue 11 §2): IDs, collections,
 * usage pages, report IDs and sizes — into plain JSON for the diagnostics export. It never opens the device
 * and never sends an output or feature report: no per-vendor profile exists yet (research/reach.md §2).
 */
import { HidDescriptorError } from './hid-errors';
import { usageCategory, type UsageCategory } from './hid-usages';

/** The part of a HIDDevice this module reads (WICG WebHID §HIDDevice). */
export interface HidDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string;
  readonly collections: readonly HIDCollectionInfo[];
}

export interface HidReportSummary {
  readonly reportId: number;
  /** Sum of reportSize × reportCount over the report's items (HID 1.11 §6.2.2.7). */
  readonly bits: number;
  /** Payload bytes after the report ID, rounded up; Windows pads to the largest report of the kind. */
  readonly bytes: number;
  readonly items: number;
}

export interface HidCollectionSummary {
  readonly usagePage: number;
  readonly usage: number;
  /** "FF00:0001"-style, as HID tools print it. */
  readonly usageHex: string;
  readonly category: UsageCategory;
  /** Collection type (HID 1.11 §6.2.2.6: 0 physical, 1 application, 2 logical…); null when not described. */
  readonly type: number | null;
  readonly input: readonly HidReportSummary[];
  readonly output: readonly HidReportSummary[];
  readonly feature: readonly HidReportSummary[];
  readonly children: readonly HidCollectionSummary[];
}

export interface HidTreeSummary {
  readonly collections: readonly HidCollectionSummary[];
  readonly counts: { readonly collections: number; readonly inputReports: number; readonly outputReports: number; readonly featureReports: number };
}

const MAX_DEPTH = 32;
const MAX_COLLECTIONS = 1024;
const MAX_ITEMS = 4096;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

function int(value: unknown, path: string, max: number, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new HidDescriptorError('bad-field', path, `expected an integer 0..${max}`);
  }
  return value;
}

function list(value: unknown, path: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HidDescriptorError('bad-field', path, 'expected a list');
  return value;
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new HidDescriptorError('bad-field', path, 'expected an object');
  return value as Record<string, unknown>;
}

class TreeReader {
  collections = 0;
  items = 0;
  readonly counts = { inputReports: 0, outputReports: 0, featureReports: 0 };

  report(value: unknown, path: string): HidReportSummary {
    const r = record(value, path);
    const reportId = int(r.reportId, `${path}.reportId`, 0xff, 0)!;
    let bits = 0;
    const items = list(r.items, `${path}.items`);
    items.forEach((raw, i) => {
      if (++this.items > MAX_ITEMS) throw new HidDescriptorError('too-large', path, `more than ${MAX_ITEMS} report items`);
      const item = record(raw, `${path}.items[${i}]`);
      // Report Size is at most 32 bits per field and Report Count fits a 32-bit item (HID 1.11 §6.2.2.7).
      const size = int(item.reportSize, `${path}.items[${i}].reportSize`, 0xffff_ffff, 0)!;
      const count = int(item.reportCount, `${path}.items[${i}].reportCount`, 0xffff_ffff, 0)!;
      bits += size * count;
    });
    return { reportId, bits, bytes: Math.ceil(bits / 8), items: items.length };
  }

  reports(value: unknown, path: string, kind: keyof TreeReader['counts']): HidReportSummary[] {
    const out = list(value, path).map((r, i) => this.report(r, `${path}[${i}]`));
    this.counts[kind] += out.length;
    return out;
  }

  collection(value: unknown, path: string, depth: number): HidCollectionSummary {
    if (depth > MAX_DEPTH) throw new HidDescriptorError('too-deep', path, `collections nested deeper than ${MAX_DEPTH}`);
    if (++this.collections > MAX_COLLECTIONS) throw new HidDescriptorError('too-large', path, `more than ${MAX_COLLECTIONS} collections`);
    const c = record(value, path);
    const usagePage = int(c.usagePage, `${path}.usagePage`, 0xffff, 0)!;
    const usage = int(c.usage, `${path}.usage`, 0xffff, 0)!;
    return {
      usagePage,
      usage,
      usageHex: `${hex4(usagePage)}:${hex4(usage)}`,
      category: usageCategory(usagePage, usage),
      type: int(c.type, `${path}.type`, 0xff, null),
      input: this.reports(c.inputReports, `${path}.inputReports`, 'inputReports'),
      output: this.reports(c.outputReports, `${path}.outputReports`, 'outputReports'),
      feature: this.reports(c.featureReports, `${path}.featureReports`, 'featureReports'),
      children: list(c.children, `${path}.children`).map((child, i) => this.collection(child, `${path}.children[${i}]`, depth + 1)),
    };
  }
}

/** Summarises a collection tree as WebHID describes it; anything not shaped like that is a HidDescriptorError. */
export function summariseCollections(collections: unknown): HidTreeSummary {
  const reader = new TreeReader();
  const top = list(collections, 'collections').map((c, i) => reader.collection(c, `collections[${i}]`, 0));
  return { collections: top, counts: { collections: reader.collections, ...reader.counts } };
}
