/**
 * The network's colour and what the app derives from it. The colour is the background of
 * buttons and of the header under white text, and the colour of links on white and on the page
 * background: WCAG AA asks for a contrast of at least 4.5:1 in each case.
 */

export const HEX_COLOUR = /^#[0-9a-f]{6}$/;
/** WCAG AA for text of ordinary size. */
export const AA_CONTRAST = 4.5;
export const DEFAULT_PRIMARY = '#1f5f7a';
/** The page background (--color-bg): darker than white, so links on it are the harder case. */
const PAGE_BACKGROUND = '#f6f5f1';
const WHITE = '#ffffff';

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
	const n = Number.parseInt(hex.slice(1), 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: Rgb): string {
	return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance as WCAG 2 defines it. */
export function luminance(colour: string): number {
	const [r, g, b] = rgb(colour).map((c) => {
		const s = c / 255;
		return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}

/** The contrast the colour gets in its worst use: white text on it, or it on the page background. */
export function worstContrast(colour: string): number {
	return Math.min(contrast(colour, WHITE), contrast(colour, PAGE_BACKGROUND));
}

/** The colour with each channel scaled towards black by `t` (0 keeps it, 1 is black): same hue. */
function darken(colour: string, t: number): string {
	return hex(rgb(colour).map((c) => c * (1 - t)) as Rgb);
}

export interface ReadableColour {
	/** The colour to use: the one asked for, or the nearest darker one that passes. */
	colour: string;
	/** Its worst contrast (see `worstContrast`). */
	ratio: number;
	/** Set when the colour asked for failed: its worst contrast. */
	adjustedFrom?: { colour: string; ratio: number };
}

/**
 * The colour if white text on it (and it as text on the page) passes WCAG AA; otherwise the
 * least darkened version of it that does, so that the network keeps its hue.
 */
export function readableColour(asked: string): ReadableColour {
	const colour = asked.toLowerCase();
	const ratio = worstContrast(colour);
	if (ratio >= AA_CONTRAST) return { colour, ratio };
	let low = 0;
	let high = 1;
	// Twenty halvings reach well below one step of a channel.
	for (let i = 0; i < 20; i++) {
		const mid = (low + high) / 2;
		if (worstContrast(darken(colour, mid)) >= AA_CONTRAST) high = mid;
		else low = mid;
	}
	let adjusted = darken(colour, high);
	// Rounding to whole channels may cost a hair of contrast: step on until it passes.
	for (let t = high; worstContrast(adjusted) < AA_CONTRAST; t += 0.005)
		adjusted = darken(colour, t);
	return {
		colour: adjusted,
		ratio: worstContrast(adjusted),
		adjustedFrom: { colour, ratio }
	};
}

/**
 * The CSS custom properties the app reads, for a colour that passed `readableColour`: the
 * stronger shade is the header's and a hovered button's background.
 */
export function brandVariables(primary: string): Record<string, string> {
	return {
		'--color-primary': primary,
		'--color-primary-strong': darken(primary, 0.28),
		'--color-primary-contrast': WHITE
	};
}
