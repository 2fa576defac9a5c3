// Reads the GLUE SST-2 files: a header line, then `label<TAB>text` with label 1 = positive.
import { readFileSync } from 'node:fs';

export interface LabelledText {
  text: string;
  label: 0 | 1;
}

export function readSst2(path: string): LabelledText[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: LabelledText[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const label = line.slice(0, tab);
    if (tab < 0 || (label !== '0' && label !== '1')) throw new Error(`${path}: bad row "${line.slice(0, 60)}"`);
    rows.push({ label: label === '1' ? 1 : 0, text: line.slice(tab + 1) });
  }
  return rows;
}
