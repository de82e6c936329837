/**
 * Audit log of the reference portal: one JSON line per challenge and per login attempt, with the outcome code,
 * never the envelope or any secret. Written to a file, or kept in memory (tests).
 */
import { appendFileSync } from 'node:fs';

export interface AuditEvent {
  readonly event: 'challenge' | 'login' | 'login-refused' | 'logout' | 'rate-limited';
  readonly ip: string;
  readonly code?: string;
  readonly subject?: string;
  readonly serialNumber?: string;
  readonly fingerprint?: string;
  readonly usci?: string;
}

export interface AuditLog {
  record(event: AuditEvent): void;
}

export class FileAuditLog implements AuditLog {
  constructor(private readonly path: string) {}

  record(event: AuditEvent): void {
    appendFileSync(this.path, `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly events: (AuditEvent & { time: string })[] = [];

  record(event: AuditEvent): void {
    this.events.push({ time: new Date().toISOString(), ...event });
  }
}
