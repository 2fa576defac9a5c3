// The language-model worker's part of "Look Inside the Model": one view per document (the few most
// recent), each caching its window's steps. No vscode import: the worker bundle includes this file.
import { InsideView, type CharacterDetail, type InsideWindow } from '../model/inside/view';
import type { InspectableDecoder } from '../model/inside/trace';

/** Documents whose window is kept; a view holds some 4 MB for a 4 KB window of the bundled model (its states). */
const MAX_VIEWS = 2;

export class InsideViews {
  private readonly views = new Map<string, InsideView>();

  constructor(private readonly decoder: InspectableDecoder) {}

  private view(key: string): InsideView {
    let view = this.views.get(key);
    if (view) this.views.delete(key); // re-inserted below: Map order is recency order
    else view = new InsideView(this.decoder);
    this.views.set(key, view);
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
    return view;
  }

  /** `key` names the document and where its window starts: a new start is a new window. */
  update(key: string, text: string, units: readonly number[]): InsideWindow {
    return this.view(key).update(text, units);
  }

  detail(key: string, index: number, unit?: number): CharacterDetail {
    const view = this.views.get(key);
    if (!view) throw new Error('no window of this document has been read');
    return view.detail(index, unit);
  }
}
