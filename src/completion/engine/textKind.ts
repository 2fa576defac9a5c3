// Prose or code, from a document's language id (the editor) or a file's name (eval-lm).
import { extname } from 'node:path';
import type { TextKind } from './confidence';

/** Language ids of prose; every other language is taken for code. */
const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'restructuredtext', 'latex', 'tex', 'asciidoc', 'org', 'git-commit']);
/** File name extensions of prose (a file without one, such as README, is prose too). */
const PROSE_EXTENSIONS = new Set(['', '.md', '.markdown', '.txt', '.text', '.rst', '.tex', '.adoc', '.org']);

export function kindOfLanguage(languageId: string): TextKind {
  return PROSE_LANGUAGES.has(languageId) ? 'prose' : 'code';
}

export function kindOfFileName(name: string): TextKind {
  return PROSE_EXTENSIONS.has(extname(name).toLowerCase()) ? 'prose' : 'code';
}
