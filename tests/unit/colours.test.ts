import { describe, expect, it } from 'vitest';
import {
	AA_CONTRAST,
	brandVariables,
	contrast,
	DEFAULT_PRIMARY,
	readableColour,
	worstContrast
} from '$lib/colours';

describe('contrast', () => {
	it('follows WCAG 2: black on white is 21:1, a colour on itself 1:1', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
		expect(contrast('#1f5f7a', '#1f5f7a')).toBe(1);
		// The grey usually quoted as just failing AA on white.
		expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
	});
});

describe('readableColour', () => {
	it('keeps the app’s own colour and any colour that passes', () => {
		for (const colour of [DEFAULT_PRIMARY, '#000000', '#2d4a1e', '#8b0000']) {
			const readable = readableColour(colour);
			expect(readable.colour).toBe(colour);
			expect(readable.adjustedFrom).toBeUndefined();
			expect(readable.ratio).toBeGreaterThanOrEqual(AA_CONTRAST);
		}
	});

	it('darkens a light colour just enough, keeping its hue', () => {
		for (const asked of ['#f5a623', '#ffffff', '#ffff00', '#7fb3d5', '#767676']) {
			const readable = readableColour(asked);
			expect(readable.adjustedFrom).toEqual({ colour: asked, ratio: worstContrast(asked) });
			expect(readable.ratio).toBeGreaterThanOrEqual(AA_CONTRAST);
			// Just enough: a shade lighter would fail again (within one step of a channel).
			expect(readable.ratio).toBeLessThan(AA_CONTRAST + 0.25);
		}
		// Each channel scaled by the same factor: orange stays orange.
		const [r, g, b] = [1, 3, 5].map((i) =>
			parseInt(readableColour('#f5a623').colour.slice(i, i + 2), 16)
		);
		expect(g / r).toBeCloseTo(0xa6 / 0xf5, 1);
		expect(b / r).toBeCloseTo(0x23 / 0xf5, 1);
	});

	it('reads capitals as the same colour', () => {
		expect(readableColour('#2D4A1E').colour).toBe('#2d4a1e');
	});
});

describe('brandVariables', () => {
	it('gives the header a darker shade and white text', () => {
		const vars = brandVariables('#1f5f7a');
		expect(vars['--color-primary']).toBe('#1f5f7a');
		expect(vars['--color-primary-contrast']).toBe('#ffffff');
		expect(contrast(vars['--color-primary-strong'], '#ffffff')).toBeGreaterThan(
			contrast('#1f5f7a', '#ffffff')
		);
	});
});
