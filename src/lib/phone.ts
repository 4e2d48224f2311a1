/**
 * Telephone numbers as people type them ("06 12 34 56 78", "+33 (0)3 88 12 34 56",
 * "0049 7851 123"): kept as typed for reading, turned into a `tel:` address for calling.
 */

/** What a number may be written with: digits, a leading +, spaces, dots, dashes, slashes, (). */
const WRITTEN = /^\+?[\d\s.\-/()]+$/;
/** Fewest and most digits of a number anyone could call (E.164 allows fifteen). */
const MIN_DIGITS = 6;
const MAX_DIGITS = 15;

/** Whether `text` reads as a telephone number, loosely: the characters and the count of digits. */
export function isPlausiblePhone(text: string): boolean {
	if (!WRITTEN.test(text)) return false;
	const digits = text.replace(/\D/g, '').length;
	return digits >= MIN_DIGITS && digits <= MAX_DIGITS;
}

/**
 * The `tel:` address of a number, in international form where it can be told: `00` becomes `+`,
 * the French trunk zero written after a country code ("+33 (0)6 …") is dropped, and a ten-digit
 * number starting with one 0 is read as French (the network's own country). Anything else keeps
 * its digits as typed. Null when the text is not a plausible number.
 */
export function telHref(text: string | null | undefined): string | null {
	if (!text) return null;
	const trimmed = text.trim();
	if (!isPlausiblePhone(trimmed)) return null;
	const withoutTrunk = trimmed.replace(/^(\+\d{1,3})\s*\(0\)/, '$1');
	let digits = withoutTrunk.replace(/[^\d+]/g, '');
	if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
	else if (/^0[1-9]\d{8}$/.test(digits)) digits = `+33${digits.slice(1)}`;
	return `tel:${digits}`;
}
