import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { events } from '$lib/server/db/schema';
import * as eventsService from '$lib/server/events/events';
import * as image from '$lib/server/events/image';
import { publicEvent, publicImage } from '$lib/server/events/public';
import { afterAnswersSettled } from '$lib/server/jobs';
import * as imageRoute from '../../src/routes/(public)/[event=eventslug]/image/+server';
import * as editPage from '../../src/routes/(app)/evenements/[id=uuid]/modifier/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, expectHttpError, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// The event's picture: uploaded by its organisers only, checked by its bytes, kept in the
// group's files, and served to anyone as a re-encoded copy without its metadata, once the
// event is public.

await createTestDb();

const DAY = 86_400_000;
const iso = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
let lead: SessionUser;
let member: SessionUser;
let eventId: string;

beforeAll(async () => {
	const network = await buildOrganisation({ name: 'Réseau' });
	lead = await buildUser({ organisationId: network.id });
	member = await buildUser({ organisationId: network.id });
	const group = await buildGroup({}, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' }
	]);
	const event = await eventsService.createEvent(lead, group.id, {
		name: 'Portes ouvertes',
		slug: 'portes-ouvertes-image',
		description: '',
		startsOn: iso(30),
		endsOn: iso(33),
		registrationOpensAt: new Date(Date.now() + DAY),
		registrationClosesAt: new Date(Date.now() + 28 * DAY),
		privacyNotice: '',
		maxPeople: 6,
		confirmEmail: false
	});
	eventId = event.id;
});

async function fetchImage(slug: string) {
	const { result, thrown } = await run(imageRoute.GET as never, {
		path: `/${slug}/image`,
		params: { event: slug },
		user: null
	});
	return { response: result as Response | undefined, thrown: thrown as { status?: number } };
}

/** The edit page's picture form, sent by `user` with `file` (or nothing). */
async function sendPicture(user: SessionUser, file: File | null) {
	const body = new FormData();
	if (file) body.append('image', file);
	return run(editPage.actions.image as never, {
		path: `/evenements/${eventId}/modifier?/image`,
		params: { id: eventId },
		user,
		body
	});
}

describe('the event’s picture', () => {
	it('is refused from the edit page with a message by its field, changing nothing', async () => {
		const missing = await sendPicture(lead, null);
		expect(expectFailure(missing.result).errors).toEqual({ image: 'event.image_missing' });
		const text = new File(['pas une image'], 'affiche.png', { type: 'image/png' });
		const wrong = await sendPicture(lead, text);
		expect(expectFailure(wrong.result).errors).toEqual({ image: 'event.image_type' });
		const big = new File([new Uint8Array(image.MAX_IMAGE_BYTES + 1)], 'big.jpg');
		expect(expectFailure((await sendPicture(lead, big)).result, 413).errors).toEqual({
			image: 'event.image_too_large'
		});
		// Not an organiser: the draft is not found, before the file is read.
		expectHttpError((await sendPicture(member, text)).thrown, 404);
		const [row] = await db.select().from(events).where(eq(events.id, eventId));
		expect(row.imageFileId).toBeNull();
	});

	it('is refused to others than its organisers, and when it is not an image', async () => {
		const png = await sharp({
			create: { width: 40, height: 20, channels: 3, background: '#b5523b' }
		})
			.png()
			.toBuffer();
		// A draft is not found to those who do not organise it; once published, refused.
		await expect(image.setImage(member, eventId, 'a.png', png)).rejects.toMatchObject({
			kind: 'not_found'
		});
		const text = new TextEncoder().encode('%PDF-1.4 not a picture at all');
		await expect(image.setImage(lead, eventId, 'photo.png', text)).rejects.toMatchObject({
			messageKey: 'event.image_type'
		});
		await eventsService.setStatus(lead, eventId, 'published');
		await expect(image.setImage(member, eventId, 'a.png', png)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await expect(image.removeImage(member, eventId)).rejects.toMatchObject({ kind: 'forbidden' });
		await eventsService.setStatus(lead, eventId, 'draft');
	});

	it('is served to anyone once the event is public, re-encoded, upright, without its metadata', async () => {
		const photo = await sharp({
			create: { width: 1800, height: 600, channels: 3, background: '#2f6f8f' }
		})
			.jpeg()
			.withExif({ IFD0: { Make: 'Téléphone', Copyright: 'Julie, 48.26 N 7.45 E' } })
			.toBuffer();
		await image.setImage(lead, eventId, 'Affiche.jpg', photo);
		await afterAnswersSettled();
		// A draft shows nothing to the public, picture included.
		expect((await fetchImage('portes-ouvertes-image')).thrown?.status).toBe(404);

		await eventsService.setStatus(lead, eventId, 'published');
		const { response } = await fetchImage('portes-ouvertes-image');
		expect(response!.headers.get('content-type')).toBe('image/webp');
		expect(response!.headers.get('cache-control')).toBe('public, max-age=86400');
		const meta = await sharp(Buffer.from(await response!.arrayBuffer())).metadata();
		expect(meta.format).toBe('webp');
		expect(meta.width).toBeLessThanOrEqual(1600);
		expect(meta.exif).toBeUndefined();
		// Its address on the page changes with the picture.
		const event = (await publicEvent('portes-ouvertes-image'))!;
		const first = await publicImage(event);
		await image.setImage(lead, eventId, 'Affiche 2.png', await sharp(photo).png().toBuffer());
		expect(await publicImage((await publicEvent('portes-ouvertes-image'))!)).not.toBe(first);

		await image.removeImage(lead, eventId);
		expect((await fetchImage('portes-ouvertes-image')).thrown?.status).toBe(404);
	});
});
