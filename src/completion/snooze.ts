// Completions paused for a while ("snooze"), then back on by themselves. No vscode import: the clock and
// the timers are the platform's, so the unit tests run it with mocked timers.

/** The lengths offered in the menu, in minutes; any other (up to a day) can be typed in. */
export const SNOOZE_CHOICES = [5, 15, 60] as const;
export const MAX_SNOOZE_MINUTES = 24 * 60;

export class Snooze {
  private endsAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `onChange` is called when a snooze starts, is cancelled, or ends. */
  constructor(private readonly onChange: (until: number | undefined) => void, private readonly now: () => number = Date.now) {}

  /** When the current snooze ends (ms since the epoch), or undefined when completions are not snoozed. */
  get until(): number | undefined {
    return this.endsAt;
  }

  get active(): boolean {
    return this.endsAt !== undefined;
  }

  /** Snoozes for `minutes` from now (replacing a snooze under way). */
  start(minutes: number): void {
    if (!(minutes > 0 && minutes <= MAX_SNOOZE_MINUTES)) throw new RangeError(`a snooze lasts 1 to ${MAX_SNOOZE_MINUTES} minutes, not ${minutes}`);
    clearTimeout(this.timer);
    this.endsAt = this.now() + minutes * 60_000;
    this.timer = setTimeout(() => this.cancel(), minutes * 60_000);
    this.onChange(this.endsAt);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.endsAt === undefined) return;
    this.endsAt = undefined;
    this.onChange(undefined);
  }

  /** Whole minutes left, rounded up (1 in the last minute); 0 when not snoozed. */
  minutesLeft(): number {
    return this.endsAt === undefined ? 0 : Math.max(1, Math.ceil((this.endsAt - this.now()) / 60_000));
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** A typed snooze length in minutes, or the reason it is not one. */
export function parseSnoozeMinutes(input: string): number | string {
  const text = input.trim();
  if (!/^\d+$/.test(text)) return 'whole';
  const minutes = Number(text);
  return minutes >= 1 && minutes <= MAX_SNOOZE_MINUTES ? minutes : 'range';
}
