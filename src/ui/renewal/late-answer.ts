/**
 * Did the CA refuse a queued request as too late? A CMP error (or a rejected ip/cp/kup) with failInfo badTime
 * (RFC 9810 §5.2.3; RFC 9483 §3.1: the CA's messageTime window). Only to choose the dashboard's words ("插入 UKEY
 * 以重新发送") before the user opens the renewal: this reads the answer unverified; the renewal state machine
 * verifies it before acting on it. Anything unreadable is "not late".
 */
import { readTlv } from '../../shared/pki';
import { decodePkiMessage, failInfoNames, type PkiStatusInfo } from '../../shared/cmp';

function failInfo(info: PkiStatusInfo | undefined): string[] {
  if (!info?.failInfo) return [];
  const tlv = readTlv(new Uint8Array(info.failInfo));
  return tlv && tlv.tag === 0x03 ? failInfoNames(tlv.content) : [];
}

export function refusedAsLate(answer: Uint8Array): boolean {
  try {
    const body = decodePkiMessage(answer).body;
    if (body.type === 'error') return failInfo(body.content.pkiStatusInfo).includes('badTime');
    if (body.type === 'ip' || body.type === 'cp' || body.type === 'kup') return body.content.response.some((r) => failInfo(r.status).includes('badTime'));
    return false;
  } catch {
    return false;
  }
}
