import { offline as en } from '$lib/i18n/messages/en/offline';
import { offline as fr } from '$lib/i18n/messages/fr/offline';
import { KEEP_LIMIT, type KeptPage } from './kept-pages';

type Key = keyof typeof fr;
const catalogues: Record<'fr' | 'en', Record<Key, string>> = { fr, en };

/** The same colours as the app's stylesheet (src/app.css); the page has no access to it. */
const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f6f5f1;color:#1d2327;line-height:1.5}
header{background:#164659;color:#fff;padding:.75rem 1rem;font-weight:700}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
ul{list-style:none;padding:0;margin:0;display:grid;gap:.5rem}
li{background:#fff;border:1px solid #d8d6cf;border-radius:6px;padding:.75rem 1rem}
a{color:#1f5f7a;font-weight:600;overflow-wrap:anywhere}.muted{color:#5a6570;font-size:.9rem}
a:focus-visible{outline:3px solid #f2b705;outline-offset:2px}`;

/** The policy of this page: no script at all, its one inline stylesheet, nothing from elsewhere. */
export const OFFLINE_PAGE_CSP =
	"default-src 'self'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function escapeHtml(text: string): string {
	return text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);
}

/** The language of the page: the one the person's kept pages were in, else the device's. */
export function pageLocale(pages: KeptPage[], deviceLanguage: string): 'fr' | 'en' {
	const chosen = pages.find((p) => p.lang)?.lang ?? deviceLanguage;
	return chosen.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/**
 * The page the service worker answers, offline, for a page it did not keep: what is readable
 * without a connection (titles are people's text: everything is escaped), and a way to retry.
 */
export function renderOfflinePage(locale: 'fr' | 'en', pages: KeptPage[], retryUrl: string) {
	const t = (key: Key, params: Record<string, string | number> = {}) =>
		escapeHtml(
			catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
				name in params ? String(params[name]) : whole
			)
		);
	// Paris time, as everywhere in the app (the network is in Alsace).
	const when = new Intl.DateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	});
	const items = pages
		.map(
			(page) =>
				`<li><a href="${escapeHtml(new URL(page.url).pathname)}">${escapeHtml(page.title)}</a>` +
				`<br><span class="muted">${escapeHtml(page.group)}${page.group ? ' · ' : ''}` +
				`${t('offline.page_kept_at', { date: when.format(page.keptAt) })}</span></li>`
		)
		.join('');
	return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#164659">
<title>${t('offline.page_title')} · Maillage</title>
<style>${STYLE}</style>
</head>
<body>
<header>Maillage</header>
<main>
<h1>${t('offline.page_title')}</h1>
<p>${t('offline.page_lead')} <a href="${escapeHtml(retryUrl)}">${t('offline.page_retry')}</a></p>
<h2>${t('offline.page_kept')}</h2>
${pages.length ? `<ul>${items}</ul>` : `<p>${t('offline.page_none')}</p>`}
<p class="muted">${t('offline.page_how', { limit: KEEP_LIMIT })}</p>
</main>
</body>
</html>`;
}
