/**
 * `ukey virtual-token --vpcd [--port 35963] [--host 127.0.0.1] [--state FILE] [--pin-retries N]
 *  [--count-file FILE] [--trace] [--demo] [--card piv|pkcs15]`: runs the emulated PIV card as a vpcd card until killed. `--demo`
 * starts from the demo token (certificates for 张三) when the state file does not exist yet. The state is saved
 * atomically before the response of every APDU that changed it; SIGUSR1 prints the APDU count. `--card pkcs15`
 * serves the ISO 7816-15 test card instead (issue 17 §3: OpenSC's pkcs15-tool reads it), fresh each start.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { toHex, redactBytes, redactCommand, type RedactionPolicy } from '../apdu';
import { PIV_REDACTION_POLICY } from '../cards/piv';
import { PKCS15_REDACTION_POLICY } from '../cards/pkcs15';
import {
  PivCard,
  autoSave,
  loadCardState,
  saveCardState,
  VPCD_DEFAULT_PORT,
  VpcdBridge,
  type SmartCard,
} from '../virtual/virtual-token';

interface Options {
  vpcd: boolean;
  port: number;
  host: string;
  state?: string;
  pinRetries?: number;
  countFile?: string;
  trace: boolean;
  demo: boolean;
  card: 'piv' | 'pkcs15';
}

const USAGE = 'usage: ukey virtual-token --vpcd [--port 35963] [--host 127.0.0.1] [--state FILE] [--pin-retries N] [--count-file FILE] [--trace] [--demo] [--card piv|pkcs15]';

function parse(args: string[]): Options | string {
  const options: Options = { vpcd: false, port: VPCD_DEFAULT_PORT, host: '127.0.0.1', trace: false, demo: false, card: 'piv' };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = (): string | undefined => args[++i];
    if (flag === '--vpcd') options.vpcd = true;
    else if (flag === '--trace') options.trace = true;
    else if (flag === '--demo') options.demo = true;
    else if (flag === '--card') {
      const v = value();
      if (v !== 'piv' && v !== 'pkcs15') return '--card needs piv or pkcs15';
      options.card = v;
    }
    else if (flag === '--port' || flag === '--pin-retries') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > (flag === '--port' ? 65535 : 255)) return `${flag} needs a number`;
      if (flag === '--port') options.port = n;
      else options.pinRetries = n;
    } else if (flag === '--host' || flag === '--state' || flag === '--count-file') {
      const v = value();
      if (!v) return `${flag} needs a value`;
      if (flag === '--host') options.host = v;
      else if (flag === '--state') options.state = v;
      else options.countFile = v;
    } else return `unknown option ${flag}`;
  }
  if (!options.vpcd) return 'only --vpcd mode exists';
  if (options.card === 'pkcs15' && (options.state || options.demo)) return '--state and --demo are for the PIV card';
  return options;
}

/**
 * `--trace`: every APDU to stderr. Secrets are redacted by the same rule as the app's traffic log (PIN, PUK,
 * imported private keys and new management keys; DESIGN.md §7).
 */
function tracing(card: SmartCard, policy: RedactionPolicy = PIV_REDACTION_POLICY): SmartCard {
  return {
    get atr() {
      return card.atr;
    },
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    async transmit(command) {
      const shown = toHex(redactCommand(command, policy)).toLowerCase();
      const response = await card.transmit(command);
      // Responses too: management-key challenges and PIN-protected objects are secrets (issue 7 §4).
      const answer = redactBytes(response, policy.responseSecrets(command, response));
      process.stderr.write(`> ${shown}\n< ${toHex(answer).toLowerCase()}\n`);
      return response;
    },
  };
}

async function openCard(options: Options, cardOptions: { pinRetries?: number }): Promise<PivCard> {
  if (options.state && existsSync(options.state)) return loadCardState(options.state, cardOptions);
  if (options.demo) return (await import('../virtual/virtual-token')).provisionDemoToken();
  return PivCard.create(cardOptions);
}

export async function run(args: string[]): Promise<number> {
  const options = parse(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}\n`);
    return 2;
  }
  const cardOptions = options.pinRetries ? { pinRetries: options.pinRetries } : {};
  if (options.card === 'pkcs15') {
    const { card } = await (await import('../virtual/pkcs15-card')).provisionPkcs15Card(options.pinRetries ? { pinTries: options.pinRetries } : {});
    return serve(options.trace ? tracing(card, PKCS15_REDACTION_POLICY) : card, options, () => card.apduCount);
  }
  const card = await openCard(options, cardOptions);
  const saver = options.state
    ? autoSave(card, options.state, (e) => process.stderr.write(`virtual-token: cannot save state: ${String(e)}\n`))
    : undefined;
  if (options.state) await saveCardState(card, options.state);
  return serve(options.trace ? tracing(card) : card, options, () => card.apduCount, saver);
}

/** Serves `card` on vpcd until SIGTERM/SIGINT; the state (when saved) is flushed before each response goes out. */
function serve(card: SmartCard, options: Options, apduCount: () => number, saver?: ReturnType<typeof autoSave>): Promise<number> {
  const writeCount = (): void => {
    if (options.countFile) writeFileSync(options.countFile, `${apduCount()}\n`);
  };
  writeCount();
  let announced = false;
  const bridge = new VpcdBridge(card, {
    host: options.host,
    port: options.port,
    afterTransmit: async () => {
      writeCount();
      await saver?.flush();
    },
    onConnected: (host, port) => {
      // One line, once: later reconnects (pcscd restarted) stay quiet.
      if (!announced) process.stdout.write(`virtual-token: connected to vpcd at ${host}:${port}\n`);
      announced = true;
    },
  });
  bridge.start();
  process.on('SIGUSR1', () => {
    process.stderr.write(`virtual-token: ${apduCount()} APDUs\n`);
    writeCount();
  });
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      void bridge.stop().then(async () => {
        await saver?.flush();
        resolve(0);
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
