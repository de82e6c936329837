/**
 * Downloading CRLs from distribution points (RFC 5280 §4.2.1.13) as a browser allows it. Most CAs publish on
 * plain http, which a worker on an https origin may not fetch (W3C Mixed Content §4.3: fetch() is blockable), and
 * CA servers rarely send CORS headers (a CORS failure is an opaque network error, Fetch Standard §4.9). So a
 * fetcher says WHY it failed with a typed CrlFetchError, and skips what cannot work without touching the network.
 * I/O is injected (a `fetch`-shaped function), so this module runs in workers, Node and tests alike.
 */

/** Why a CRL could not be downloaded. */
export type CrlFetchFailure =
  | 'offline'
  | 'mixed-content'
  | 'unsupported-scheme'
  | 'blocked-by-cors-or-network'
  | 'http-error'
  | 'timeout'
  | 'too-large';

export class CrlFetchError extends Error {
  override readonly name = 'CrlFetchError';
  readonly reason: CrlFetchFailure;
  readonly url: string;
  /** The HTTP status for 'http-error'; null otherwise. */
  readonly httpStatus: number | null;

  constructor(reason: CrlFetchFailure, url: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(`CRL not downloaded from ${url}: ${reason}${options.httpStatus === undefined ? '' : ` (HTTP ${options.httpStatus})`}`, {
      cause: options.cause,
    });
    this.reason = reason;
    this.url = url;
    this.httpStatus = options.httpStatus ?? null;
  }
}

/** Downloads a CRL; rejects (preferably with CrlFetchError) when it cannot. */
export type CrlFetcher = (url: string) => Promise<Uint8Array>;

/** Largest CRL accepted, downloaded or imported: big CAs publish CRLs of several MB; this bounds worker memory. */
export const MAX_CRL_BYTES = 32 * 1024 * 1024;

export type CrlUrlReach = 'fetchable' | 'mixed-content' | 'unsupported-scheme';

/** Secure Contexts §3.1: hosts that are "potentially trustworthy" even over http (loopback). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/**
 * Whether a page (or worker) whose URL has `pageProtocol` can fetch `url` at all. Browsers restrict mixed content
 * on https pages only (Mixed Content §4.3; an http://localhost page does not restrict), and a loopback target is
 * a priori authenticated (§4.4). `pageProtocol` null = not a browser (Node, CLI): only the scheme matters.
 */
export function crlUrlReach(pageProtocol: string | null, url: string): CrlUrlReach {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return 'unsupported-scheme';
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return 'unsupported-scheme';
  if (pageProtocol === 'https:' && target.protocol === 'http:' && !isLoopbackHost(target.hostname)) return 'mixed-content';
  return 'fetchable';
}

/** The failure a foreign error stands for: fetch() rejects with TypeError on network and CORS errors alike. */
export function classifyFetchError(error: unknown): CrlFetchFailure {
  if (error instanceof CrlFetchError) return error.reason;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return 'blocked-by-cors-or-network';
}

export interface CrlFetcherOptions {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** `location.protocol` of the page or worker; null outside a browser. */
  readonly pageProtocol: string | null;
  /** navigator.onLine; default: always online. */
  readonly isOnline?: () => boolean;
  /** One download's limit, so an unreachable CA never stalls a token read; default 4 s. */
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  if (declared > maxBytes) throw new CrlFetchError('too-large', url);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new CrlFetchError('too-large', url);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A CrlFetcher that throws CrlFetchError only, and never asks the network for what cannot work. */
export function createCrlFetcher(options: CrlFetcherOptions): CrlFetcher {
  const timeoutMs = options.timeoutMs ?? 4000;
  const maxBytes = options.maxBytes ?? MAX_CRL_BYTES;
  return async (url) => {
    const reach = crlUrlReach(options.pageProtocol, url);
    if (reach !== 'fetchable') throw new CrlFetchError(reach, url);
    if (options.isOnline && !options.isOnline()) throw new CrlFetchError('offline', url);
    try {
      const response = await options.fetch(url, { signal: AbortSignal.timeout(timeoutMs), credentials: 'omit', cache: 'no-cache' });
      if (!response.ok) throw new CrlFetchError('http-error', url, { httpStatus: response.status });
      return await readCapped(response, url, maxBytes);
    } catch (error) {
      if (error instanceof CrlFetchError) throw error;
      throw new CrlFetchError(classifyFetchError(error), url, { cause: error });
    }
  };
}
