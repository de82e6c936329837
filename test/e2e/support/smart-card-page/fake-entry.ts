/**
 * Injected into every page of a Chromium test (issue 15 §4): the spec-following fake `navigator.smartCard`
 * (test/support/fake-smart-card.ts) with the demo PIV card in one reader, as Chrome exposes the Web Smart Card
 * API to an Isolated Web App's windows — and to windows only, so the app must relay it to its driver worker.
 * Bundled by bundle.ts into a classic script for `context.addInitScript`.
 */
import { provisionDemoTokenWithCa } from '../../../../src/virtual/virtual-token/demo';
import { FakeSmartCardSystem } from '../../../support/fake-smart-card';

export const FAKE_READER = 'Feitian ePass2003 00 00';

const system = new FakeSmartCardSystem({ cardProtocols: ['t1'] });
const ready = provisionDemoTokenWithCa().then(({ card }) => {
  system.plugReader(FAKE_READER, card);
  return card;
});
// The page sees the API at once; its first context waits for the card to be provisioned (a few ms of WebCrypto).
const manager = {
  establishContext: async () => {
    await ready;
    return system.establishContext();
  },
};
Object.defineProperty(navigator, 'smartCard', { value: manager, configurable: true });
// The test pulls the token out and puts it back through this handle.
Object.defineProperty(globalThis, '__ukeyFakeSmartCard', {
  value: {
    unplug: () => system.unplugReader(FAKE_READER),
    plug: async () => system.plugReader(FAKE_READER, await ready),
  },
});
