import { error } from '@sveltejs/kit';
import { readLogo } from '$lib/server/branding/logo';
import type { RequestHandler } from './$types';

/**
 * The network's logo, public on purpose: the login page shows it before anyone is logged in, and
 * it says nothing a visitor of the network's own website would not see. Its address holds the
 * hash of its bytes, so it can be cached for a year; a new logo has a new address, and the
 * previous one answers 404 as soon as it is replaced.
 */
export const GET: RequestHandler = async ({ params }) => {
	const match = /^([0-9a-f]{32})\.png$/.exec(params.file);
	const logo = match ? await readLogo(match[1]) : undefined;
	if (!logo) error(404, { message: 'error.not_found' });
	return new Response(new Uint8Array(logo.data), {
		headers: {
			'content-type': logo.contentType,
			'content-length': String(logo.data.length),
			'cache-control': 'public, max-age=31536000, immutable',
			// An image, never a document: nothing in it may run, even opened on its own.
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'cross-origin-resource-policy': 'same-origin'
		}
	});
};
