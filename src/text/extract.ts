// What to read in a document, by its language: Markdown prose, comments of code, or all of plain text.
import { commentSentences } from './comments';
import { markdownSentences } from './markdown';
import { plainSentences } from './sentences';
import type { TextSpan } from './spans';

export type { TextSpan } from './spans';

/** Sentences of `text` (offsets relative to `text`) for a VS Code language id. */
export function documentSentences(text: string, languageId: string): TextSpan[] {
  if (languageId === 'markdown' || languageId === 'mdx') return markdownSentences(text);
  return commentSentences(text, languageId) ?? plainSentences(text);
}
