/** Numbered, realistic log lines, so a test can tell exactly which line arrived, and in what order. */
export const lineText = (i: number) => `2026-11-25T10:00:00Z installer step ${String(i).padStart(6, '0')}`;

export const linesOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => lineText(from + k));

/** What a stream with max_bytes sends of `text` from its start: the whole lines that fit (the contract's "line boundary at or before the limit"). */
export const wholeLinesWithin = (text: string, maxBytes: number) => text.slice(0, text.lastIndexOf('\n', maxBytes - 1) + 1);
