const HOUR = 60 * 60 * 1000;

/** A datetime-local value ("2027-03-02T14:00") as milliseconds on a clock without time zone. */
function wallClock(value: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
	if (!m) return null;
	const [, y, mo, d, h, mi] = m.map(Number);
	const time = Date.UTC(y, mo - 1, d, h, mi);
	return isNaN(time) ? null : time;
}

const asValue = (time: number) => new Date(time).toISOString().slice(0, 16);

/**
 * What the meeting form's "Fin" becomes when "Début" changes from `previousStart` to `newStart`:
 * the same duration as before when there was one, otherwise one hour after the new start when
 * the end is empty or no longer after it; an end already after the new start stays. The
 * arithmetic is on wall-clock times, so a two-hour meeting stays 14:00–16:00 across a change
 * of summer time. A start not fully typed yet leaves the end alone.
 */
export function nextEnd(previousStart: string, previousEnd: string, newStart: string): string {
	const start = wallClock(newStart);
	if (start === null) return previousEnd;
	const before = wallClock(previousStart);
	const end = wallClock(previousEnd);
	if (before !== null && end !== null && end > before) return asValue(start + (end - before));
	if (end === null || end <= start) return asValue(start + HOUR);
	return previousEnd;
}
