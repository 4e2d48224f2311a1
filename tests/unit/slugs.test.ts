import { describe, expect, it } from 'vitest';
import { slugify, uniqueSlug } from '$lib/server/slugs';

describe('slugify', () => {
	it.each([
		['Mobilités', 'mobilites'],
		['Mobilités & transports', 'mobilites-transports'],
		['Recrutement et compétences', 'recrutement-et-competences'],
		['Œuvres sociales', 'oeuvres-sociales'],
		['Cœur de métier', 'coeur-de-metier'],
		['Ex æquo', 'ex-aequo'],
		['Salon de l’emploi 2025', 'salon-de-l-emploi-2025'],
		['  --Attractivité !!! du territoire?  ', 'attractivite-du-territoire'],
		['ÉLÉMENTS ÇÀ ÏÔ', 'elements-ca-io'],
		['Usines_ouvertes/2026', 'usines-ouvertes-2026']
	])('turns %j into %j', (name, slug) => {
		expect(slugify(name)).toBe(slug);
	});

	it('gives "groupe" to a name with nothing readable in it', () => {
		expect(slugify('')).toBe('groupe');
		expect(slugify('!!! ???')).toBe('groupe');
		expect(slugify('日本語')).toBe('groupe');
	});

	it('keeps at most 60 characters and never ends on a dash', () => {
		expect(slugify('a'.repeat(100))).toBe('a'.repeat(60));
		// The cut falls right after a word: the dash that followed it goes too.
		const cut = slugify(`${'a'.repeat(59)} bcd`);
		expect(cut).toBe('a'.repeat(59));
		const long = slugify(
			'Groupement des entreprises industrielles du Centre-Alsace pour la mobilité'
		);
		expect(long.length).toBeLessThanOrEqual(60);
		expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
	});
});

describe('uniqueSlug', () => {
	it('keeps the base when it is free', () => {
		expect(uniqueSlug('mobilites', new Set())).toBe('mobilites');
		expect(uniqueSlug('mobilites', new Set(['attractivite']))).toBe('mobilites');
	});

	it('numbers from 2 and takes the first free number', () => {
		expect(uniqueSlug('mobilites', new Set(['mobilites']))).toBe('mobilites-2');
		expect(uniqueSlug('mobilites', new Set(['mobilites', 'mobilites-2', 'mobilites-3']))).toBe(
			'mobilites-4'
		);
		expect(uniqueSlug('mobilites', new Set(['mobilites', 'mobilites-3']))).toBe('mobilites-2');
	});
});
