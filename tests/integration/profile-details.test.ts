import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RichDoc } from '$lib/richtext/types';
import type { SessionUser } from '$lib/server/auth/session';
import * as avatars from '$lib/server/avatars';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import * as directory from '$lib/server/directory';
import * as meetings from '$lib/server/meetings';
import * as threadView from '$lib/server/threads/view';
import * as threads from '$lib/server/threads';
import * as personPage from '../../src/routes/(app)/annuaire/personnes/[id=uuid]/+page.server';
import * as profilePage from '../../src/routes/(app)/profil/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, expectHttpError, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let julie: SessionUser;
let nicolas: SessionUser;
let admin: SessionUser;
let coordinator: SessionUser;
let partner: SessionUser;
let julieAvatar: string;

beforeAll(async () => {
	julie = await buildUser({ name: 'Julie Fritsch' });
	nicolas = await buildUser({ name: 'Nicolas Haas' });
	admin = await buildUser({ role: 'admin' });
	coordinator = await buildUser({ role: 'coordinator' });
	partner = await buildUser({ role: 'partner' });
	const photo = await sharp({
		create: { width: 120, height: 90, channels: 3, background: '#7a4690' }
	})
		.jpeg()
		.toBuffer();
	julieAvatar = await avatars.save(julie, julie.id, photo);
});

const saveDetails = (user: SessionUser, form: Record<string, string>) =>
	run(profilePage.actions.profile, {
		path: '/profil?/profile',
		user,
		form: { name: user.name, locale: 'auto', ...form }
	});

async function stored(id: string) {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	return row;
}

describe('job title and phone on /profil', () => {
	it('are saved as typed, and shown back on the page', async () => {
		const { result } = await saveDetails(nicolas, {
			jobTitle: '  Responsable logistique ',
			phone: '+33 (0)3 88 12 34 56'
		});
		expect(result).toEqual({ saved: 'profile' });
		expect(await stored(nicolas.id)).toMatchObject({
			jobTitle: 'Responsable logistique',
			phone: '+33 (0)3 88 12 34 56'
		});
		const page = await run(profilePage.load, { path: '/profil', user: await stored(nicolas.id) });
		expect(page.result).toMatchObject({
			profile: { jobTitle: 'Responsable logistique', phone: '+33 (0)3 88 12 34 56', photo: null }
		});
	});

	it('refuses a phone that is not one, keeps what was typed and changes nothing', async () => {
		const before = await stored(nicolas.id);
		for (const phone of [
			'appelez le standard',
			'12',
			'06 12 34 56 78 90 12 34 56',
			'0'.repeat(41)
		]) {
			const { result } = await saveDetails(nicolas, { jobTitle: 'Directeur', phone });
			const failure = expectFailure(result);
			expect(failure.errors.phone).toBe(
				phone.length > 40 ? 'validation.too_long' : 'profile.phone_invalid'
			);
			expect(failure.values).toMatchObject({ jobTitle: 'Directeur', phone });
		}
		expect(await stored(nicolas.id)).toEqual(before);
	});

	it('refuses a job title over 120 characters', async () => {
		const { result } = await saveDetails(nicolas, { jobTitle: 'x'.repeat(121), phone: '' });
		expect(expectFailure(result).errors).toEqual({ jobTitle: 'validation.too_long' });
	});

	it('are emptied by empty fields', async () => {
		const person = await buildUser();
		await saveDetails(person, { jobTitle: 'Chef d’atelier', phone: '06 12 34 56 78' });
		await saveDetails(person, { jobTitle: '', phone: '  ' });
		expect(await stored(person.id)).toMatchObject({ jobTitle: null, phone: null });
	});
});

describe('the directory card', () => {
	it('shows the job title, the phone and the photo', async () => {
		await saveDetails(julie, { jobTitle: 'Responsable RH', phone: '06 12 34 56 78' });
		const { result } = await run(personPage.load, { user: nicolas, params: { id: julie.id } });
		expect(result).toMatchObject({
			person: { jobTitle: 'Responsable RH', phone: '06 12 34 56 78', avatar: julieAvatar },
			canRemovePhoto: false
		});
		const asAdmin = await run(personPage.load, { user: admin, params: { id: julie.id } });
		expect(asAdmin.result).toMatchObject({ canRemovePhoto: true });
	});

	it('lets an admin remove a photo, and nobody else', async () => {
		const person = await buildUser();
		const photo = await sharp({
			create: { width: 64, height: 64, channels: 3, background: '#000' }
		})
			.png()
			.toBuffer();
		await avatars.save(person, person.id, photo);
		const remove = (user: SessionUser) =>
			run(personPage.actions.removePhoto, {
				path: `/annuaire/personnes/${person.id}?/removePhoto`,
				user,
				params: { id: person.id },
				form: {}
			});
		for (const someone of [nicolas, coordinator, partner]) {
			expectHttpError((await remove(someone)).thrown, 403);
		}
		expect(await avatars.pathOf(person.id)).not.toBeNull();
		expect((await remove(admin)).result).toEqual({ photoRemoved: true });
		expect(await avatars.pathOf(person.id)).toBeNull();
		const unknown = await run(personPage.actions.removePhoto, {
			user: admin,
			params: { id: crypto.randomUUID() },
			form: {}
		});
		expectHttpError(unknown.thrown, 404);
	});

	it('lists people with their photo and job title', async () => {
		const people = await directory.listPeople(nicolas);
		expect(people.find((p) => p.id === julie.id)).toMatchObject({
			avatar: julieAvatar,
			jobTitle: 'Responsable RH'
		});
		expect(people.find((p) => p.id === nicolas.id)?.avatar).toBeNull();
		const org = await directory.organisation(nicolas, julie.organisationId);
		expect(org.people).toEqual([expect.objectContaining({ id: julie.id, avatar: julieAvatar })]);
	});
});

describe('photos beside names', () => {
	const doc = (text: string): RichDoc => ({
		type: 'doc',
		content: [{ type: 'paragraph', content: [{ type: 'text', text }] }]
	});

	it('in a thread, each message with its author’s photo or none', async () => {
		const group = await buildGroup({}, [
			{ user: julie, role: 'lead' },
			{ user: nicolas, role: 'member' }
		]);
		const { thread } = await threads.create(
			julie,
			group.id,
			threads.threadSchema.parse({ title: 'Navette', body: JSON.stringify(doc('Bonjour')) }),
			'http://localhost'
		);
		await threads.post(
			nicolas,
			thread.id,
			{ body: doc('Réponse'), parentId: '' },
			'http://localhost'
		);
		const read = await threadView.read(nicolas, thread.id);
		expect(read.messages.map((m) => m.author.avatar)).toEqual([julieAvatar, null]);
	});

	it('in a meeting’s invitee list', async () => {
		const group = await buildGroup({}, [
			{ user: julie, role: 'lead' },
			{ user: nicolas, role: 'member' }
		]);
		const meeting = await meetings.create(
			julie,
			group.id,
			meetings.meetingSchema.parse({
				title: 'Comité',
				startsAt: '2027-03-02T14:00',
				endsAt: '2027-03-02T16:00',
				placeKind: 'address',
				placeText: 'Mairie de Sélestat'
			}),
			[],
			'fr'
		);
		const { attendees } = await meetings.details(nicolas, meeting.id);
		expect(Object.fromEntries(attendees.map((a) => [a.userId, a.avatar]))).toEqual({
			[julie.id]: julieAvatar,
			[nicolas.id]: null
		});
	});
});
