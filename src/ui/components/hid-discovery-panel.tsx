import { useState } from 'preact/hooks';
import { describeHidDevice, hidRequestOptions, type HidDeviceSummary } from '../hid-discovery';
import type { Lang } from '../i18n';
import { ErrorPanel } from './error-panel';

/** navigator.hid where the browser has WebHID (Chrome ≥ 89 in windows); typed locally to the part we call. */
interface HidChooser {
  requestDevice(options: ReturnType<typeof hidRequestOptions>): Promise<HIDDevice[]>;
}

const TEXT = {
  'zh-CN': {
    title: 'HID 型 UKEY（免驱 UKEY）',
    intro: '有些“免驱”UKEY 以 HID 设备出现。这里只读取浏览器给出的设备描述，告诉你它能否在网页里使用；不会向它发送任何数据。',
    button: '选择 HID 型 UKEY',
    cancelled: '没有选择设备。',
    ids: '厂商/产品 ID',
  },
  en: {
    title: 'HID keys ("driver-free" keys)',
    intro: 'Some "driver-free" keys appear as HID devices. This only reads the description the browser gives and tells you whether a page can use the key; nothing is sent to it.',
    button: 'Choose a HID key',
    cancelled: 'No device was chosen.',
    ids: 'Vendor/product ID',
  },
} as const;

/**
 * WebHID discovery on the pairing screen (issue 11 §2): the chooser is filtered to the vendor IDs of the known-key
 * table (FIDO excluded); for the chosen key only its IDs and collections are read (describeHidDevice) — no open(),
 * no output or feature report — and its verdict is shown. The diagnostics export lists the same summaries.
 */
export function HidDiscoveryPanel({ lang }: { lang: Lang }) {
  const hid = (navigator as Navigator & { hid?: HidChooser }).hid;
  const [found, setFound] = useState<HidDeviceSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!hid) return null;
  const text = TEXT[lang];
  const choose = async () => {
    setError(null);
    try {
      setFound((await hid.requestDevice(hidRequestOptions())).map((device) => describeHidDevice(device)));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="card" data-testid="hid-discovery">
      <h2>{text.title}</h2>
      <p>{text.intro}</p>
      <p>
        <button type="button" onClick={() => void choose()} data-testid="hid-button">
          {text.button}
        </button>
      </p>
      {found !== null && found.length === 0 ? <p class="muted" role="status">{text.cancelled}</p> : null}
      {found?.map((summary) => (
        <div key={summary.id} class="notice" role="status" data-testid="hid-verdict" data-verdict={summary.verdict}>
          <p>
            <strong>{summary.productName || summary.knownFamily || summary.id}</strong> · {text.ids} <span class="mono">{summary.id}</span>
          </p>
          <p>{summary.explanation[lang]}</p>
        </div>
      ))}
      {error !== null ? <ErrorPanel error={error} lang={lang} /> : null}
    </div>
  );
}
