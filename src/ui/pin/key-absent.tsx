import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import type { TokenRecord } from '../../store';
import { keyName } from '../key-name';
import { useModel } from '../use-app';

/**
 * The key is not plugged in (issue 8 §2): say WHICH one, hide the PIN forms until it is found, and make
 * "重新读取" always answer — found, or still not found at a stated time.
 */
export function KeyAbsent({ record, lang }: { record: TokenRecord; lang: Lang }) {
  const model = useModel();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ found: boolean; at: Date } | null>(null);
  const name = keyName(record, lang);
  const reread = async () => {
    setBusy(true);
    setAnswer(null);
    const found = await model.rereadToken(record.id).catch(() => false);
    setAnswer({ found, at: new Date() });
    setBusy(false);
  };
  const time = answer ? answer.at.toLocaleTimeString(lang, { hour12: false }) : '';
  return (
    <div class="card key-absent" data-testid="key-absent">
      <p class="lead">
        {record.serialNumber ? t(lang, 'pinInsertKey', { name, serial: record.serialNumber }) : t(lang, 'pinInsertKeyNoSerial', { name })}
      </p>
      <p class="muted">{t(lang, 'pinInsertHint')}</p>
      <p>
        <button type="button" class="primary" disabled={busy} onClick={() => void reread()} data-testid="reread">
          {t(lang, 'rereadButton')}
        </button>
      </p>
      <p role="status" data-testid="reread-answer">
        {busy ? t(lang, 'pinReadingKey') : answer ? t(lang, answer.found ? 'pinRereadFound' : 'pinRereadAbsent', { time }) : ''}
      </p>
    </div>
  );
}
