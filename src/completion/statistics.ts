// Completion statistics that stay on this machine: per language and day, the suggestions shown, those
// accepted in full or by word, the characters accepted and the latency of suggestions. Kept in the
// extension's global storage by the caller; nothing here is ever sent anywhere. No vscode import.

/** Latency histogram: bucket i holds latencies up to LATENCY_BOUNDS[i] ms (the last, anything longer). */
const LATENCY_BOUNDS = Array.from({ length: 48 }, (_, i) => Math.round(0.5 * 1.25 ** i * 100) / 100);

export interface Counts {
  shown: number;
  acceptedFull: number;
  /** Suggestions of which some words were taken (Ctrl+→) but not all. */
  acceptedByWord: number;
  charsAccepted: number;
  latency: number[];
}

export interface StatisticsData {
  version: 1;
  /** day (YYYY-MM-DD, local time) -> language id -> counts */
  days: Record<string, Record<string, Counts>>;
}

export interface SummaryRow {
  language: string;
  shown: number;
  acceptedFull: number;
  acceptedByWord: number;
  charsAccepted: number;
  /** Share of shown suggestions taken in full or in part. */
  acceptanceRate: number;
  /** Upper bounds of the latency buckets holding the median and the 95th percentile (ms); NaN with no data. */
  latencyP50: number;
  latencyP95: number;
}

const emptyCounts = (): Counts => ({ shown: 0, acceptedFull: 0, acceptedByWord: 0, charsAccepted: 0, latency: new Array(LATENCY_BOUNDS.length + 1).fill(0) });

export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Stored data as read back, or empty when it is missing or not what this version writes. */
function validData(raw: unknown): StatisticsData {
  const data = raw as StatisticsData | undefined;
  if (!data || data.version !== 1 || typeof data.days !== 'object' || data.days === null) return { version: 1, days: {} };
  for (const languages of Object.values(data.days)) {
    for (const c of Object.values(languages ?? {})) {
      const ok = c && ['shown', 'acceptedFull', 'acceptedByWord', 'charsAccepted'].every((k) => Number.isFinite((c as never)[k]))
        && Array.isArray(c.latency) && c.latency.length === LATENCY_BOUNDS.length + 1;
      if (!ok) return { version: 1, days: {} };
    }
  }
  return data;
}

function percentile(histogram: number[], q: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= q * total) return i < LATENCY_BOUNDS.length ? LATENCY_BOUNDS[i] : Infinity;
  }
  return Infinity;
}

export class CompletionStatistics {
  private data: StatisticsData;

  constructor(stored: unknown, private readonly now: () => Date = () => new Date()) {
    this.data = validData(stored);
  }

  private counts(language: string): Counts {
    const day = (this.data.days[localDay(this.now())] ??= {});
    return (day[language] ??= emptyCounts());
  }

  recordShown(language: string, latencyMs: number): void {
    const c = this.counts(language);
    c.shown++;
    let bucket = LATENCY_BOUNDS.findIndex((b) => latencyMs <= b);
    if (bucket < 0) bucket = LATENCY_BOUNDS.length;
    c.latency[bucket]++;
  }

  /** `firstOfSuggestion`: the first part taken of this suggestion (a suggestion counts once). */
  recordAccepted(language: string, chars: number, how: 'full' | 'word', firstOfSuggestion: boolean): void {
    const c = this.counts(language);
    c.charsAccepted += chars;
    if (!firstOfSuggestion) return;
    if (how === 'full') c.acceptedFull++;
    else c.acceptedByWord++;
  }

  /** Rows per language (most shown first) and a total, for today or all days kept. */
  summary(scope: 'today' | 'all'): { rows: SummaryRow[]; total: SummaryRow } {
    const days = scope === 'today' ? [this.data.days[localDay(this.now())] ?? {}] : Object.values(this.data.days);
    const byLanguage = new Map<string, Counts>();
    const add = (into: Counts, c: Counts) => {
      into.shown += c.shown; into.acceptedFull += c.acceptedFull; into.acceptedByWord += c.acceptedByWord; into.charsAccepted += c.charsAccepted;
      c.latency.forEach((n, i) => { into.latency[i] += n; });
    };
    const total = emptyCounts();
    for (const day of days) {
      for (const [language, c] of Object.entries(day)) {
        add(byLanguage.get(language) ?? byLanguage.set(language, emptyCounts()).get(language)!, c);
        add(total, c);
      }
    }
    const row = (language: string, c: Counts): SummaryRow => ({
      language, shown: c.shown, acceptedFull: c.acceptedFull, acceptedByWord: c.acceptedByWord, charsAccepted: c.charsAccepted,
      acceptanceRate: c.shown === 0 ? 0 : (c.acceptedFull + c.acceptedByWord) / c.shown,
      latencyP50: percentile(c.latency, 0.5), latencyP95: percentile(c.latency, 0.95),
    });
    const rows = [...byLanguage].map(([l, c]) => row(l, c)).sort((a, b) => b.shown - a.shown || (a.language < b.language ? -1 : 1));
    return { rows, total: row('', total) };
  }

  reset(): void {
    this.data = { version: 1, days: {} };
  }

  toJSON(): StatisticsData {
    return this.data;
  }
}
