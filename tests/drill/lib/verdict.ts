// The one-line verdicts of the drills: PASS, FAIL or SKIP, with the figures behind them.

export type Verdict = {
	drill: string;
	status: 'PASS' | 'FAIL' | 'SKIP';
	summary: string;
	seconds: number;
	figures: Record<string, unknown>;
};

/**
 * @param summary what was done and measured, and on failure what went wrong
 * @param startedAt performance.now() when the drill started
 */
export function verdict(
	drill: string,
	passed: boolean,
	summary: string,
	figures: Record<string, unknown>,
	startedAt: number
): Verdict {
	const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
	return { drill, status: passed ? 'PASS' : 'FAIL', summary, seconds, figures };
}

export function skipped(drill: string, why: string): Verdict {
	return { drill, status: 'SKIP', summary: why, seconds: 0, figures: {} };
}

/** The verdict as one line: status, drill, summary, time taken. */
export function line(v: Verdict) {
	const took = v.status === 'SKIP' ? '' : ` (${duration(v.seconds * 1000)})`;
	return `${v.status}  ${v.drill.padEnd(9)} ${v.summary}${took}`;
}

/** 83 s → "1 min 23 s". */
export function duration(ms: number) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** 23456 → "23,456". */
export const count = (n: number) => n.toLocaleString('en');

/** Milliseconds, rounded for reading. */
export const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;

/** The value at percentile `p` of `values` (nearest rank), 0 when empty. */
export function percentile(values: number[], p: number) {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
