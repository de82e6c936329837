/**
 * The Isolated Web App manifest (WICG isolated-web-apps README, Permissions.md, Updates.md): served from
 * `/.well-known/manifest.webmanifest` inside the bundle, with a `version` (IWAs require one; dot-separated
 * integers) and the permissions policy that grants the device APIs the app needs there.
 */
import { IwaBuildError } from './iwa-errors';

export const IWA_MANIFEST_PATH = '/.well-known/manifest.webmanifest';

/**
 * What the IWA may use (issue 11 §3): PC/SC through the Web Smart Card API, WebUSB including protected classes
 * (class 0x0B for our own CCID driver), and cross-origin isolation, which IWAs always have.
 */
export const IWA_PERMISSIONS_POLICY = {
  'smart-card': ['self'],
  usb: ['self'],
  'usb-unrestricted': ['self'],
  'cross-origin-isolated': ['self'],
} as const;

/** Updates.md: "the same format as the proposed Web Application Manifest version field" — integers and dots. */
const VERSION = /^\d+(\.\d+)*$/;

export interface IwaManifest {
  readonly id: '/';
  readonly name: string;
  readonly short_name?: string;
  readonly description?: string;
  readonly lang?: string;
  readonly version: string;
  readonly start_url: '/';
  readonly scope: '/';
  readonly display: 'standalone';
  readonly theme_color?: string;
  readonly background_color?: string;
  readonly icons: readonly { readonly src: string; readonly sizes?: string; readonly type?: string; readonly purpose?: string }[];
  readonly permissions_policy: typeof IWA_PERMISSIONS_POLICY;
  readonly update_manifest_url?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An icon path relative to the bundle root, absolute (the IWA manifest lives under /.well-known/). */
function rootPath(src: string): string {
  return src.startsWith('/') ? src : `/${src.replace(/^\.\//, '')}`;
}

/**
 * The PWA manifest (public/manifest.webmanifest) turned into the IWA manifest: same name, texts and icons,
 * origin-rooted id/start_url/scope, the version and the permissions policy.
 */
export function buildIwaManifest(app: unknown, version: string, updateManifestUrl?: string): IwaManifest {
  if (!VERSION.test(version)) throw new IwaBuildError('bad-version', `IWA version must be integers and dots, got "${version}"`);
  if (typeof app !== 'object' || app === null) throw new IwaBuildError('bad-manifest', 'the app manifest is not a JSON object');
  const m = app as Record<string, unknown>;
  const name = text(m.name);
  if (!name) throw new IwaBuildError('bad-manifest', 'the app manifest has no name');
  if (updateManifestUrl !== undefined && !/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)[:/])/.test(updateManifestUrl)) {
    // Updates.md: an absolute HTTPS URL, or a localhost HTTP URL for testing.
    throw new IwaBuildError('bad-manifest', `update_manifest_url must be HTTPS (or localhost HTTP): ${updateManifestUrl}`);
  }
  const icons = Array.isArray(m.icons) ? m.icons : [];
  return {
    id: '/',
    name,
    short_name: text(m.short_name),
    description: text(m.description),
    lang: text(m.lang),
    version,
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: text(m.theme_color),
    background_color: text(m.background_color),
    icons: icons
      .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null && typeof (i as { src?: unknown }).src === 'string')
      .map((i) => ({ src: rootPath(String(i.src)), sizes: text(i.sizes), type: text(i.type), purpose: text(i.purpose) })),
    permissions_policy: IWA_PERMISSIONS_POLICY,
    ...(updateManifestUrl ? { update_manifest_url: updateManifestUrl } : {}),
  };
}

/** The update manifest an admin hosts next to the bundle (Updates.md "Web Application Update Manifest"). */
export function buildUpdateManifest(version: string, bundleUrl: string, channels: readonly string[] = ['default']): unknown {
  if (!VERSION.test(version)) throw new IwaBuildError('bad-version', `IWA version must be integers and dots, got "${version}"`);
  return { versions: [{ version, src: bundleUrl, channels: [...channels] }] };
}
