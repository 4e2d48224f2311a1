import { describe, expect, it } from 'vitest';
import { caretRenderers, isColour, NEUTRAL_COLOUR, presenceOf } from '$lib/collab/presence';

describe('presenceOf', () => {
	it('shows a name and a #rrggbb colour as they are', () => {
		expect(presenceOf({ name: 'Awa Diallo', color: '#2F6f8f' }, '?')).toEqual({
			name: 'Awa Diallo',
			color: '#2F6f8f',
			avatar: null
		});
	});

	it('shows a photo only at an address of this app', () => {
		const photo = '/avatars/0b7c2e4a-3f1d-4c5e-9a8b-7c6d5e4f3a2b/0123456789abcdef0123456789abcdef';
		expect(presenceOf({ name: 'A', avatar: photo }, '?').avatar).toBe(photo);
		for (const avatar of [
			'https://attacker.example/track.png',
			'//attacker.example/x',
			`${photo}/../../logout`,
			`${photo}?x=1`,
			'javascript:alert(1)',
			'/avatars/x/y',
			42,
			{ toString: photo }
		]) {
			expect(presenceOf({ name: 'A', avatar }, '?').avatar).toBeNull();
		}
	});

	it.each([
		['missing', {}],
		['null', { name: null }],
		['a number', { name: 42 }],
		['an object', { name: { toString: 'x' } }],
		['blank', { name: '   ' }]
	])('shows the placeholder for a name %s', (_, user) => {
		expect(presenceOf(user, 'Personne inconnue').name).toBe('Personne inconnue');
	});

	it.each([null, undefined, 'Awa', 7, ['Awa']])('copes with a user that is %j', (user) => {
		expect(presenceOf(user, '?')).toEqual({ name: '?', color: NEUTRAL_COLOUR, avatar: null });
	});

	it.each([
		'red; background-image:url(http://attacker.example/x)',
		'#2f6f8f;background:url(x)',
		'#2f6f8f ',
		'#fff',
		'#2f6f8f70',
		'rgb(0,0,0)',
		'var(--x)',
		null,
		{ toString: '#2f6f8f' }
	])('replaces the colour %j with the neutral one', (color) => {
		expect(presenceOf({ name: 'A', color }, '?').color).toBe(NEUTRAL_COLOUR);
	});

	it('cuts a very long name', () => {
		expect(presenceOf({ name: 'a'.repeat(5000) }, '?').name.length).toBeLessThanOrEqual(80);
	});

	it('has a neutral colour that is itself valid', () => {
		expect(isColour(NEUTRAL_COLOUR)).toBe(true);
	});
});

describe('caretRenderers', () => {
	it('puts only a checked colour into the selection style', () => {
		const { selectionRender } = caretRenderers('?');
		expect(selectionRender({ color: 'red; background-image:url(http://a.example)' }).style).toBe(
			`background-color: ${NEUTRAL_COLOUR}70`
		);
		expect(selectionRender({ color: '#4f7d3a' }).style).toBe('background-color: #4f7d3a70');
	});
});
