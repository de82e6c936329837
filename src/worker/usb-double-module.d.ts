/**
 * The module vite.config.ts makes for every build (issue 15 §4 review defect B): in `--mode e2e-usb` it is the
 * WebSocket USB double of test/e2e/support/ws-usb, in any other build a function that does nothing — so src/
 * never imports test code and a production bundle never depends on tree-shaking to leave the double out.
 */
declare module 'virtual:ukey-usb-double' {
  export function installUsbDouble(scope: { navigator: object }, url: string | undefined): void;
}
