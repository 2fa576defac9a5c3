// The webview's end of the message channel: typed posts, validated receives, persisted view state.
import { checkHostMessage, type HostMessage, type WebviewMessage } from '../src/training/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/** Calls `handler` with every message from the extension that matches its schema; others are dropped and logged. */
export function onHostMessage(handler: (m: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const checked = checkHostMessage(event.data);
    if (!checked.ok) {
      console.warn(`training panel: rejected a message: ${checked.error}`);
      return;
    }
    handler(checked.message);
  });
}

/** Form values survive the panel being hidden or restored after a reload. */
export function loadState<T>(): Partial<T> {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<T>) : {};
}

export function saveState<T>(state: T): void {
  api.setState(state);
}
