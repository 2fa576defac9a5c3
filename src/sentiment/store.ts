// What the sentiment feature knows: each annotated document's labels and skipped text, the settings and
// the model's neutral band. No VS Code calls here but reading the settings: the view draws from it, the
// scheduler writes to it.
import type * as vscode from 'vscode';
import { labelFor } from '../model/sentiment/classifier';
import type { Annotation, Skipped } from './annotations';
import type { NeutralBands } from './protocol';
import { readSentimentSettings, type SentimentSettings } from './settings';
import { summarize, type SentimentSummary } from './summary';

export interface DocumentAnnotations {
  annotations: Annotation[];
  skipped: Skipped[];
  running?: { id: number; finished: Promise<boolean> };
  reanalyzeTimer?: ReturnType<typeof setTimeout>;
  redrawTimer?: ReturnType<typeof setTimeout>;
}

/** A document's annotations as the analyze command returns them (to tests and other extensions). */
export interface AnnotationsSnapshot extends SentimentSummary {
  annotations: Array<{ start: number; end: number; label: string; score: number; language: string }>;
  /** The sentences left unlabelled, each with its reason. */
  unlabelled: Skipped[];
}

export class SentimentStore {
  private readonly documents = new Map<string, DocumentAnnotations>();
  settings: SentimentSettings = readSentimentSettings();
  /** The bands that came with the models, known once they are loaded. */
  modelBands: NeutralBands = { en: [0.5, 0.5], zh: [0.5, 0.5] };

  get(doc: vscode.TextDocument | vscode.Uri | undefined): DocumentAnnotations | undefined {
    return doc ? this.documents.get(keyOf(doc)) : undefined;
  }

  /** The document's state, made empty when it has none. */
  open(doc: vscode.TextDocument): DocumentAnnotations {
    let state = this.documents.get(keyOf(doc));
    if (!state) this.documents.set(keyOf(doc), state = { annotations: [], skipped: [] });
    return state;
  }

  /** Whether `state` is still the document's (not cleared or replaced meanwhile). */
  holds(doc: vscode.TextDocument, state: DocumentAnnotations): boolean {
    return this.documents.get(keyOf(doc)) === state;
  }

  delete(doc: vscode.TextDocument): void {
    this.documents.delete(keyOf(doc));
  }

  /** The neutral band of an annotation: the setting's for every language, or else its model's. */
  readonly bandOf = (a: Annotation): [number, number] => this.settings.neutralBand ?? this.modelBands[a.language];

  summary(state: DocumentAnnotations): SentimentSummary {
    return summarize(state.annotations, state.skipped, this.bandOf);
  }

  snapshot(state: DocumentAnnotations): AnnotationsSnapshot {
    return {
      ...this.summary(state),
      annotations: state.annotations.map((a) => ({ start: a.start, end: a.end, label: labelFor(a.score, this.bandOf(a)), score: a.score, language: a.language })),
      unlabelled: state.skipped.slice(),
    };
  }
}

function keyOf(doc: vscode.TextDocument | vscode.Uri): string {
  return ('uri' in doc ? doc.uri : doc).toString();
}
