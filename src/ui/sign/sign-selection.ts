/**
 * Which certificate the sign popup will use and the PIN tries shown for it (issue 16 §2, code review
 * 2026-12-06 defect 10). The login certificate (the key the card's profile gave the authentication role: `preferred`) is chosen
 * unless the clerk picks another; the tries shown are always the chosen key's — DESIGN.md §7's "ask before the
 * last try" depends on them — so they are re-read on every change and a late answer for a key no longer chosen
 * is dropped. Kept apart from the screen so its rules are tested without a browser.
 */
import type { PinStatusPair, SignInChoice } from '../../worker';

export interface SelectionDriver {
  getPinStatus(tokenId: string): Promise<PinStatusPair>;
}

export interface Selection {
  readonly chosen: number;
  /** Tries of the chosen certificate's key; null until read (or unreadable). */
  readonly status: PinStatusPair | null;
}

/** The login certificate when there is one, else the first. */
export function preferredIndex(choices: readonly SignInChoice[]): number {
  const i = choices.findIndex((c) => c.preferred);
  return i < 0 ? 0 : i;
}

export class SignSelection {
  private state: Selection = { chosen: 0, status: null };
  /** Bumped on every change; an answer for an older generation is stale. */
  private generation = 0;

  constructor(
    private readonly driver: SelectionDriver,
    private readonly onChange: (s: Selection) => void,
  ) {}

  get current(): Selection {
    return this.state;
  }

  private set(next: Selection): void {
    this.state = next;
    this.onChange(next);
  }

  load(choices: readonly SignInChoice[]): Promise<void> {
    return this.choose(choices, preferredIndex(choices));
  }

  async choose(choices: readonly SignInChoice[], index: number): Promise<void> {
    const choice = choices[index];
    const generation = ++this.generation;
    this.set({ chosen: index, status: null });
    if (!choice) return;
    const status = await this.driver.getPinStatus(choice.tokenId).catch(() => null);
    if (generation === this.generation) this.set({ chosen: index, status });
  }

  /** After a failed attempt: the chosen key's tries again (a wrong PIN spent one). */
  refresh(choices: readonly SignInChoice[]): Promise<void> {
    return this.choose(choices, this.state.chosen);
  }
}
