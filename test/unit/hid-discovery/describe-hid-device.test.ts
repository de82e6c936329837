import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HidDescriptorError, describeHidDevice, hidRequestOptions, hidVendorIds, summariseCollections, type HidDeviceLike } from '../../../src/ui/hid-discovery';

const bytes = (n: number): HIDReportItem[] => [{ reportSize: 8, reportCount: n }];

// Fixtures are shaped like WebHID's description of each kind of key. The vendor layouts are illustrative: no
// real descriptor of these keys is published (research/reach.md §2) — collecting them is what this code is for.
const VENDOR_TUNNEL: HidDeviceLike = {
  vendorId: 0x055c,
  productId: 0xf603,
  productName: 'mToken GM3000C',
  collections: [
    { usagePage: 0xff00, usage: 0x01, type: 1, inputReports: [{ reportId: 0, items: bytes(64) }], outputReports: [{ reportId: 0, items: bytes(64) }] },
  ],
};
const FEATURE_TUNNEL: HidDeviceLike = {
  vendorId: 0x14d6,
  productId: 0x3032,
  productName: 'UranuSafe',
  collections: [
    {
      usagePage: 0xffa0,
      usage: 0x01,
      type: 1,
      featureReports: [
        { reportId: 1, items: [{ reportSize: 8, reportCount: 255 }] },
        { reportId: 2, items: [{ reportSize: 8, reportCount: 63 }, { reportSize: 1, reportCount: 4 }] },
      ],
    },
  ],
};
const SECURITY_KEY: HidDeviceLike = {
  vendorId: 0x1050,
  productId: 0x0407,
  productName: 'YubiKey',
  collections: [{ usagePage: 0xf1d0, usage: 0x01, type: 1, inputReports: [{ reportId: 0, items: bytes(64) }], outputReports: [{ reportId: 0, items: bytes(64) }] }],
};

/** A HIDDevice whose every I/O method fails the test: discovery must only read properties. */
function readOnly(device: HidDeviceLike): HidDeviceLike {
  const forbidden = ['open', 'close', 'sendReport', 'sendFeatureReport', 'receiveFeatureReport', 'forget'];
  return new Proxy({ ...device } as HidDeviceLike & Record<string, unknown>, {
    get(target, key) {
      if (typeof key === 'string' && forbidden.includes(key)) throw new Error(`discovery touched ${key}`);
      return target[key as keyof typeof target];
    },
  });
}

describe('describeHidDevice over descriptor fixtures (issue 11 §2)', () => {
  it('a vendor collection with input/output reports: sizes, known family, nothing sent', () => {
    const s = describeHidDevice(readOnly(VENDOR_TUNNEL));
    expect(s).toMatchObject({ id: '055C:F603', knownFamily: 'longmai-gm3000c', verdict: 'vendor-collection', reportsSent: false });
    expect(s.collections[0]).toMatchObject({
      usageHex: 'FF00:0001',
      category: 'vendor-defined',
      input: [{ reportId: 0, bits: 512, bytes: 64, items: 1 }],
      output: [{ reportId: 0, bytes: 64 }],
      feature: [],
    });
    expect(s.counts).toEqual({ collections: 1, inputReports: 1, outputReports: 1, featureReports: 0 });
    expect(s.explanation['zh-CN']).toContain('没有向它发送任何数据');
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('feature-report tunnels (HengBao middleware style): report IDs and rounded-up sizes', () => {
    const s = describeHidDevice(readOnly(FEATURE_TUNNEL));
    expect(s.knownFamily).toBe('hengbao');
    expect(s.collections[0]!.feature).toEqual([
      { reportId: 1, bits: 2040, bytes: 255, items: 1 },
      { reportId: 2, bits: 508, bytes: 64, items: 2 },
    ]);
  });

  it('the FIDO usage page 0xF1D0 and keyboards are blocked by Chrome: the verdict says so', () => {
    expect(describeHidDevice(SECURITY_KEY)).toMatchObject({ verdict: 'only-blocked-collections', knownFamily: 'yubikey' });
    expect(describeHidDevice(SECURITY_KEY).explanation.en).toContain('0xF1D0');
    const keyboard = { ...SECURITY_KEY, vendorId: 0x1234, collections: [{ usagePage: 0x01, usage: 0x06 }] };
    expect(describeHidDevice(keyboard)).toMatchObject({ verdict: 'only-blocked-collections', knownFamily: null });
    const keypadPage = { ...SECURITY_KEY, vendorId: 0x1234, collections: [{ usagePage: 0x07, usage: 0x00 }, { usagePage: 0x01, usage: 0x81 }] };
    expect(describeHidDevice(keypadPage).verdict).toBe('only-blocked-collections');
    const consumer = { ...SECURITY_KEY, vendorId: 0x1234, collections: [{ usagePage: 0x0c, usage: 0x01 }] };
    expect(describeHidDevice(consumer).verdict).toBe('no-vendor-collection');
  });

  it('finds a vendor collection nested under an application collection', () => {
    const nested = { ...SECURITY_KEY, vendorId: 0x096e, collections: [{ usagePage: 0x01, usage: 0x05, children: [{ usagePage: 0xff01, usage: 2 }] }] };
    const s = describeHidDevice(nested);
    expect(s.verdict).toBe('vendor-collection');
    expect(s.counts.collections).toBe(2);
  });

  it('anything not shaped like a WebHID description is a HidDescriptorError', () => {
    const bad: unknown[] = [
      { ...VENDOR_TUNNEL, vendorId: 0x10000 },
      { ...VENDOR_TUNNEL, collections: 'x' },
      { ...VENDOR_TUNNEL, collections: [{ usagePage: -1 }] },
      { ...VENDOR_TUNNEL, collections: [{ inputReports: [{ reportId: 256 }] }] },
      { ...VENDOR_TUNNEL, collections: [{ featureReports: [{ items: [{ reportSize: 1.5 }] }] }] },
      null,
    ];
    for (const device of bad) expect(() => describeHidDevice(device as HidDeviceLike)).toThrow(HidDescriptorError);
    let deep: HIDCollectionInfo = { usagePage: 0xff00 };
    for (let i = 0; i < 40; i++) deep = { usagePage: 1, children: [deep] };
    expect(() => summariseCollections([deep])).toThrow(expect.objectContaining({ code: 'too-deep' }));
  });
});

describe('WebHID pairing filters from the known-token table', () => {
  it('offers the vendors whose keys have or may have a HID interface, never Yubico or the demo token', () => {
    const ids = hidVendorIds();
    expect(ids).toEqual(expect.arrayContaining([0x055c, 0x14d6, 0x096e, 0x5448]));
    expect(ids).not.toContain(0x1050);
    expect(ids).not.toContain(0x1209);
    expect(ids).not.toContain(0x163c); // Watchdata keys are CCID only
    const options = hidRequestOptions();
    expect(options.filters).toContainEqual({ vendorId: 0x055c });
    expect(options.exclusionFilters).toEqual([{ usagePage: 0xf1d0 }]);
  });
});

type Tree = { usagePage?: number; usage?: number; type?: number; inputReports?: HIDReportInfo[]; outputReports?: HIDReportInfo[]; featureReports?: HIDReportInfo[]; children?: Tree[] };

const report = fc.record(
  { reportId: fc.nat(255), items: fc.array(fc.record({ reportSize: fc.nat(32), reportCount: fc.nat(300) }), { maxLength: 4 }) },
  { requiredKeys: [] },
);
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record(
    {
      usagePage: fc.oneof(fc.nat(0xffff), fc.constantFrom(0xf1d0, 0xff00, 0x01)),
      usage: fc.nat(0xffff),
      type: fc.nat(6),
      inputReports: fc.array(report, { maxLength: 3 }),
      outputReports: fc.array(report, { maxLength: 3 }),
      featureReports: fc.array(report, { maxLength: 3 }),
      children: fc.array(tie('tree'), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
}));

function count(trees: Tree[]): { collections: number; inputReports: number; outputReports: number; featureReports: number } {
  const total = { collections: 0, inputReports: 0, outputReports: 0, featureReports: 0 };
  const walk = (t: Tree): void => {
    total.collections += 1;
    total.inputReports += t.inputReports?.length ?? 0;
    total.outputReports += t.outputReports?.length ?? 0;
    total.featureReports += t.featureReports?.length ?? 0;
    t.children?.forEach(walk);
  };
  trees.forEach(walk);
  return total;
}

describe('summariser properties (10,000 runs each)', () => {
  it('arbitrary collection trees: counts and sizes agree with an independent walk', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 4 }), (trees) => {
        const s = summariseCollections(trees);
        expect(s.counts).toEqual(count(trees));
        const sizes = (t: ReturnType<typeof summariseCollections>['collections'][number]): boolean =>
          [...t.input, ...t.output, ...t.feature].every((r) => r.bytes === Math.ceil(r.bits / 8)) && t.children.every(sizes);
        expect(s.collections.every(sizes)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('arbitrary junk in any field throws only HidDescriptorError', () => {
    const junkTree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.anything(),
        fc.record({ usagePage: fc.anything(), usage: fc.anything(), children: fc.oneof(fc.anything(), fc.array(tie('node'), { maxLength: 3 })), featureReports: fc.oneof(fc.anything(), fc.array(fc.record({ reportId: fc.anything(), items: fc.anything() }))) }, { requiredKeys: [] }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.oneof(fc.array(junkTree, { maxLength: 3 }), fc.anything()), (vendorId, productId, collections) => {
        try {
          describeHidDevice({ vendorId, productId, collections } as unknown as HidDeviceLike);
        } catch (error) {
          expect(error).toBeInstanceOf(HidDescriptorError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
