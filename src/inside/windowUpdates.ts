// When "Look Inside the Model" has the worker read the editor's window, and what it posts to the webview.
// One update runs at a time; those asked for meanwhile make one more after it. While the webview loads,
// the worker reads the window ahead and nothing is posted: the webview's 'ready' asks for the same window
// under the same key, which the worker answers from the view it keeps for that key (./workerSide).
// No vscode import: the unit tests use it.
import type { InsideWindow } from '../model/inside/view';
import { ownBytes } from '../panels/bytes';
import type { InsideHostMessage } from './protocol';
import type { TextWindow } from './window';

/** The window at the editor's cursor: its document, its text, the cursor in it (characters). */
export interface EditorWindow extends TextWindow {
  uri: string;
  text: string;
  cursor: number;
}

/** What was last posted to the webview; `key` names it to the worker. */
export interface ShownWindow extends TextWindow {
  uri: string;
  text: string;
  key: string;
}

export interface WindowUpdatesHost {
  /** Whether a panel is open. */
  isOpen(): boolean;
  post(message: InsideHostMessage): void;
  /** The window at the cursor now, `shown` the one to keep when it still fits; undefined when there is no
   * editor (the host posts why). `ready`: whether the webview has said so. */
  current(shown: ShownWindow | undefined, ready: boolean): EditorWindow | undefined;
  /** The document's name as the panel shows it (asked only for a window the worker reads). */
  fileOf(uri: string): string;
  /** Has the worker read `text` as the window named `key`. */
  read(key: string, text: string): Promise<InsideWindow>;
}

/** The worker's name for a window: its document and where it starts (a new start is a new window). */
export const windowKey = (uri: string, start: number) => `${uri}#${start}`;

export class WindowUpdates {
  /** Milliseconds of the host's thread per update step (the last 50), for the tests and benchmarks. */
  readonly hostMs: number[] = [];
  /** The window last posted; undefined until the webview shows one. */
  shown: ShownWindow | undefined;
  private ready = false;
  private busy = false;
  private pending = false;

  constructor(private readonly host: WindowUpdatesHost) {}

  /** A webview opens: it is not ready yet, but the worker starts reading its window. */
  opened(): void {
    this.ready = false;
    this.schedule();
  }

  /** The webview is ready (loaded again): it shows nothing yet, so the window is posted whole. */
  webviewReady(): void {
    this.ready = true;
    this.shown = undefined;
    this.schedule();
  }

  closed(): void {
    this.shown = undefined;
  }

  /** Updates the panel now, or once the update running ends. */
  schedule(): void {
    if (!this.host.isOpen()) return;
    if (this.busy) { this.pending = true; return; }
    this.busy = true;
    this.pending = false;
    this.update().catch((e: unknown) => this.host.post({ type: 'empty', reason: (e as Error)?.message ?? String(e) })).finally(() => {
      this.busy = false;
      if (this.pending) this.schedule();
    });
  }

  private timed<T>(f: () => T): T {
    const t0 = performance.now();
    try { return f(); } finally { this.hostMs.push(performance.now() - t0); if (this.hostMs.length > 50) this.hostMs.shift(); }
  }

  private async update(): Promise<void> {
    const request = this.timed(() => {
      const at = this.host.current(this.shown, this.ready);
      if (!at) return undefined;
      const shown = this.shown;
      if (shown && shown.uri === at.uri && shown.start === at.start && shown.text === at.text) {
        this.host.post({ type: 'cursor', cursor: at.cursor });
        return undefined;
      }
      return { ...at, file: this.host.fileOf(at.uri), key: windowKey(at.uri, at.start) };
    });
    if (!request) return;
    const result = await this.host.read(request.key, request.text);
    // Read ahead while the webview loads: 'ready' asks for the same window, which the worker has by then.
    if (!this.ready) return;
    this.timed(() => {
      this.shown = { uri: request.uri, start: request.start, end: request.end, text: request.text, key: request.key };
      this.host.post({
        type: 'window', file: request.file, text: request.text, chars: result.chars, cursor: request.cursor, signals: ownBytes(result.signals),
        unitIds: result.unitIds, units: result.units.map(({ unit, property, correlation }) => ({ unit, property, correlation })), modelMs: result.modelMs + result.statsMs,
      });
    });
  }
}
