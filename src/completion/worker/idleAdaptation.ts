// Runs dynamic evaluation's update steps when the worker has nothing else to do: one step per turn of
// the event loop (a fraction of a millisecond), never while a completion request waits, so that the
// messages that arrive in between (requests, edits, closes) are handled first.
import type { DocumentAdaptation, OutputAdapter } from '../../model/lm/dynamicEvaluation';

export interface IdleAdaptationOptions {
  adapter: OutputAdapter;
  /** The documents' adaptations, in any order (those without a whole pending segment are skipped). */
  documents: () => Iterable<DocumentAdaptation | undefined>;
  /** True while a completion request waits to be served: no step starts then. */
  requestWaiting: () => boolean;
  /** Runs `turn` on a later turn of the event loop (setImmediate in the worker). */
  schedule: (turn: () => void) => void;
}

export class IdleAdaptation {
  private scheduled = false;
  /** Update steps taken, for the worker's statistics. */
  steps = 0;

  constructor(private readonly options: IdleAdaptationOptions) {}

  /** Asks for steps once the worker is idle (after a request was served, or text was read). */
  wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.options.schedule(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    // A waiting request goes first; its handler wakes this again when it is done.
    if (this.options.requestWaiting()) return;
    const doc = this.next();
    if (!doc) return;
    if (this.options.adapter.step(doc)) this.steps++;
    this.wake();
  }

  /** The document with the most pending segments (the one furthest behind). */
  private next(): DocumentAdaptation | undefined {
    let best: DocumentAdaptation | undefined;
    for (const d of this.options.documents()) if (d?.ready && (!best || d.pendingSegments > best.pendingSegments)) best = d;
    return best;
  }
}
