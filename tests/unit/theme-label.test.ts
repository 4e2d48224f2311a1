import { describe, expect, it } from 'vitest';
import { themeAddsInformation, themeLabel } from '$lib/themes';

describe('themeAddsInformation', () => {
	it('hides a theme the group is named after, however it is written', () => {
		expect(themeAddsInformation('Mobilités', 'Mobilités')).toBe(false);
		expect(themeAddsInformation('Mobilités', 'mobilites')).toBe(false);
		expect(
			themeAddsInformation('Recrutement et compétences', ' Recrutement  et Compétences ')
		).toBe(false);
		expect(themeAddsInformation('Attractivité du territoire', 'Attractivité du territoire !')).toBe(
			false
		);
	});

	it('shows a theme that says something the name does not', () => {
		expect(themeAddsInformation('Événements', 'Usines ouvertes')).toBe(true);
		expect(themeAddsInformation('Mobilités', 'Mobilités douces')).toBe(true);
	});
});

describe('themeLabel', () => {
	it('reads the label of the reader’s language', () => {
		const name = { fr: 'Mobilités', en: 'Mobility' };
		expect(themeLabel(name, 'fr')).toBe('Mobilités');
		expect(themeLabel(name, 'en')).toBe('Mobility');
		expect(themeLabel({ fr: 'Mobilités', en: '' }, 'en')).toBe('Mobilités');
	});
});
