import type { UKeyDb } from '../store';
import type { ClockEvidenceInput, DeviceService } from '../worker/device-service-api';
import { seedCrls } from './read-evidence';

/**
 * What the driver worker must know before it reads a token, kept by the window and re-sent only when it
 * changed: the kept CRLs (once per worker instance), the clock evidence (issue 3 §3) and the user's trust
 * anchors (issue 3 §3). A worker that restarts starts from its defaults, so versions are per instance.
 */
export class WorkerBriefing {
  private clock: ClockEvidenceInput = {};
  private clockVersion = 0;
  private clockSent = 0;
  private anchors: readonly Uint8Array[] = [];
  /** Bumped on each change of the anchors; the driver has been sent `anchorsSent` (0 = none, its default). */
  private anchorsVersion = 0;
  private anchorsSent = 0;
  /** The driver instance that has been handed the kept CRLs. */
  private seeded: DeviceService | null = null;

  updateClock(patch: ClockEvidenceInput): void {
    this.clock = { ...this.clock, ...patch };
    this.clockVersion++;
  }

  /** The newest notBefore of any certificate read so far (ISO), if any. */
  get newestNotBeforeSeen(): string | null {
    return this.clock.newestNotBeforeSeen ?? null;
  }

  setAnchors(ders: readonly Uint8Array[]): void {
    this.anchors = ders;
    this.anchorsVersion++;
  }

  /** Tells `driver` what changed since it last heard; returns it for chaining. */
  async brief(driver: DeviceService, db: UKeyDb | null): Promise<DeviceService> {
    if (db && this.seeded !== driver) {
      this.seeded = driver;
      await seedCrls(db, driver).catch(() => 0);
    }
    if (this.clockSent !== this.clockVersion) {
      const version = this.clockVersion;
      await driver.setClockEvidence(this.clock);
      this.clockSent = version;
    }
    if (this.anchorsSent !== this.anchorsVersion) {
      const version = this.anchorsVersion;
      await driver.setTrustAnchors([...this.anchors]);
      this.anchorsSent = version;
    }
    return driver;
  }
}
