import { render } from 'svelte/server';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { i18nContext } from '$lib/i18n/context';
import { formatMonth } from '$lib/months';
import { escapeHtml } from '$lib/richtext/render';
import { requireCan } from '$lib/server/auth/guards';
import { inlineImages } from '$lib/server/files/inline-images';
import { htmlToPdf, PdfUnavailable } from '$lib/server/pdf';
import * as report from '$lib/server/progress/report';
import { getNetworkName } from '$lib/server/settings';
import appCss from '../../../../../app.css?raw';
import ReportBody from '../ReportBody.svelte';
import type { RequestHandler } from './$types';
import { publicOrigin } from '$lib/server/origin';

// The page can fetch nothing: everything it shows is in it.
const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:`;

function standalone(locale: Locale, title: string, head: string, body: string): string {
	return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title>
<style>${appCss}
@page { size: A4; margin: 14mm 12mm; }
html, body { background: white; }
body { padding: 0; }
</style>
${head}
</head>
<body>${body}</body>
</html>`;
}

/** A short page in the reader's language, for the refusals a browser shows instead of a PDF. */
function explain(
	status: number,
	locale: Locale,
	title: MessageKey,
	message: MessageKey,
	back: string
) {
	const t = (key: MessageKey) => escapeHtml(translate(locale, key));
	const html = standalone(
		locale,
		translate(locale, title),
		'',
		`<main class="card" style="max-width:36rem;margin:10vh auto"><h1>${t(title)}</h1><p>${t(message)}</p><a class="button" href="${back}">${t('report.back')}</a></main>`
	);
	return new Response(html, {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' }
	});
}

/** The monthly report as a PDF made on the server, for `?mois=YYYY-MM` (last month by default). */
export const GET: RequestHandler = async (event) => {
	const user = requireCan(event, 'dashboard.view');
	const locale = event.locals.locale;
	const choice = report.parseMonth(event.url.searchParams.get('mois'));
	if (!choice.ok) {
		return explain(400, locale, 'error.unexpected_title', choice.key, '/tableau-de-bord/rapport');
	}
	const month = choice.month;
	const back = `/tableau-de-bord/rapport?mois=${month}`;
	const [data, networkName] = await Promise.all([
		report.monthly(user, month, locale),
		getNetworkName()
	]);
	// The PDF's page fetches nothing: the images of the decisions travel inside it.
	for (const group of data.groups) {
		for (const meeting of group.meetings) {
			if (meeting.decisions) meeting.decisions = await inlineImages(user, meeting.decisions);
		}
	}
	const { head, body } = render(ReportBody, {
		props: { report: data, networkName, origin: await publicOrigin() },
		context: i18nContext(locale)
	});
	const title = translate(locale, 'report.heading', { month: formatMonth(locale, month) });
	try {
		const pdf = await htmlToPdf(standalone(locale, title, head, body));
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="rapport-${month}.pdf"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (!(e instanceof PdfUnavailable)) console.error('PDF of the monthly report failed:', e);
		return explain(503, locale, 'report.pdf_unavailable_title', 'report.pdf_unavailable', back);
	}
};
