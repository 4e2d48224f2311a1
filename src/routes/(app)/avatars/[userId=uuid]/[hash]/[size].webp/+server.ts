import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { AVATAR_SIZES, type AvatarSize } from '$lib/avatars';
import * as avatars from '$lib/server/avatars';
import type { RequestHandler } from './$types';

// The person's id is checked by the route's matcher; the rest of the address here.
const params = z.object({
	hash: z.string().regex(/^[0-9a-f]{32}$/),
	size: z.enum(AVATAR_SIZES.map(String) as [string, ...string[]])
});

/**
 * A person's photo, for people logged in to the network only (an image: a 401, no redirect to
 * the login page). Its address names this very image, so the browser keeps it for a year
 * without asking again; `private`: no shared cache keeps what is behind the login.
 */
export const GET: RequestHandler = async ({ locals, params: raw, request }) => {
	const user = locals.user;
	if (!user) error(401, { message: 'error.forbidden' });
	const parsed = params.safeParse(raw);
	if (!parsed.success) error(404, { message: 'error.not_found' });
	const { hash, size } = parsed.data;
	const { userId } = raw;
	const bytes = await avatars.file(user, userId, hash, Number(size) as AvatarSize);
	if (!bytes) error(404, { message: 'error.not_found' });
	const etag = `"${hash}-${size}"`;
	const headers = {
		'cache-control': 'private, max-age=31536000, immutable',
		etag,
		'content-type': 'image/webp'
	};
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	return new Response(Buffer.from(bytes), {
		headers: { ...headers, 'content-length': String(bytes.length) }
	});
};
