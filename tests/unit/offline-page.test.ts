import { describe, expect, it } from 'vitest';
import type { KeptPage } from '$lib/offline/kept-pages';
import {
	formatKeep,
	formatSession,
	parseKeep,
	parseSession,
	localDocumentName
} from '$lib/offline/marks';
import { OFFLINE_PAGE_CSP, pageLocale, renderOfflinePage } from '$lib/offline/offline-page';

function kept(overrides: Partial<KeptPage> = {}): KeptPage {
	return {
		url: 'https://maillage.example/groupes/mobilite/documents/1',
		title: 'Plan de covoiturage',
		group: 'Mobilité',
		local: '',
		keptAt: Date.UTC(2027, 2, 15, 9, 30),
		session: 'k',
		version: 'v1',
		lang: 'fr',
		...overrides
	};
}

describe('the marks the server gives the service worker', () => {
	it('name a session, or say nobody is logged in, or nothing', () => {
		const mark = { key: 'abc', user: 'u-1', expires: 1_800_000_000_000 };
		expect(parseSession(formatSession(mark))).toEqual(mark);
		expect(parseSession(formatSession(null))).toBeNull();
		expect(parseSession(null)).toBeUndefined();
		expect(parseSession('key=abc')).toBeUndefined();
	});

	it('carry any title in a header (Latin-1 only) and back', () => {
		const mark = { title: 'Réunion « été » — 学', group: 'Mobilité & co', local: 'maillage:u:d' };
		const header = formatKeep(mark);
		expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
		expect(new Headers({ 'x-test': header }).get('x-test')).toBe(header);
		expect(parseKeep(header)).toEqual(mark);
		expect(parseKeep(null)).toBeNull();
	});

	it('name the editor’s local copy after the person and the document', () => {
		expect(localDocumentName('u-1', 'd-2')).toBe('maillage:u-1:d-2');
	});
});

describe('the offline page', () => {
	it('lists what can be read offline, linked to each page', () => {
		const html = renderOfflinePage('fr', [kept()], '/actions');
		expect(html).toContain('<html lang="fr">');
		expect(html).toContain('<h1>Hors ligne</h1>');
		expect(html).toContain('<a href="/groupes/mobilite/documents/1">Plan de covoiturage</a>');
		// 9:30 UTC is 10:30 in Paris in March, as the rest of the app shows times.
		expect(html).toContain('Mobilité · enregistré le 15 mars 2027, 10:30');
		expect(html).toContain('<a href="/actions">Réessayer</a>');
		expect(html).not.toContain('<script');
	});

	it('escapes what people wrote', () => {
		const html = renderOfflinePage(
			'fr',
			[kept({ title: '<img src=x onerror=alert(1)>', group: '"><script>x</script>' })],
			'/"><script>'
		);
		expect(html).not.toContain('<img');
		expect(html).not.toContain('<script');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).toContain('href="/&quot;&gt;&lt;script&gt;"');
	});

	it('says how pages come to be kept when there is none', () => {
		const html = renderOfflinePage('en', [], '/');
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('No document is saved on this device');
		expect(html).toContain('The last 20 documents and meetings you open online');
	});

	it('speaks the language of the kept pages, else the device’s', () => {
		expect(pageLocale([kept({ lang: 'en' })], 'fr-FR')).toBe('en');
		expect(pageLocale([], 'en-GB')).toBe('en');
		expect(pageLocale([], 'de-DE')).toBe('fr');
	});

	it('runs no script at all', () => {
		expect(OFFLINE_PAGE_CSP).toContain("script-src 'none'");
		expect(OFFLINE_PAGE_CSP).toContain("frame-ancestors 'none'");
	});
});
