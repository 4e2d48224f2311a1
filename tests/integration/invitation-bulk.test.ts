import { count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	groupMembers,
	invitationGroups,
	invitations,
	organisations,
	outbox
} from '$lib/server/db/schema';
import type { Preview } from '$lib/server/invitations/batch';
import { MAX_FILE_BYTES, MAX_LINES } from '$lib/server/invitations/csv';
import * as invites from '$lib/server/invitations';
import { actions } from '../../src/routes/(app)/admin/invitations/import/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, expectHttpError, fakeEvent } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { lastLinkTo, mailsTo } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

type Action = (typeof actions)['preview'];
type Fields = Record<string, string | string[]>;
type PreviewData = Preview & { text: string; groups: { groupId: string; name: string }[] };

/**
 * Posts the import page's form as a browser does, multipart with an optional file, and returns
 * what the action answered or threw.
 */
async function post(
	name: 'preview' | 'send',
	user: SessionUser | null,
	fields: Fields,
	file?: { name: string; bytes: Uint8Array<ArrayBuffer> }
) {
	const path = `/admin/invitations/import?/${name}`;
	const { event } = fakeEvent<Parameters<Action>[0]>({ path, user });
	const body = new FormData();
	for (const [field, value] of Object.entries(fields)) {
		for (const v of Array.isArray(value) ? value : [value]) body.append(field, v);
	}
	if (file) body.append('file', new File([file.bytes], file.name, { type: 'text/csv' }));
	Object.assign(event, {
		request: new Request(new URL(path, 'http://localhost'), { method: 'POST', body })
	});
	try {
		return { result: (await actions[name](event)) as unknown };
	} catch (thrown) {
		return { thrown };
	}
}

async function previewOf(
	user: SessionUser,
	fields: Fields,
	file?: { name: string; bytes: Uint8Array<ArrayBuffer> }
) {
	const { result, thrown } = await post('preview', user, fields, file);
	if (thrown) throw thrown;
	return result as { preview: PreviewData; values: Record<string, string> };
}

/** What sending changes: invitations, e-mails, organisations. */
async function counts() {
	const [[inv], [mails], [orgs]] = await Promise.all([
		db.select({ n: count() }).from(invitations),
		db.select({ n: count() }).from(outbox),
		db.select({ n: count() }).from(organisations)
	]);
	return { invitations: inv.n, mails: mails.n, organisations: orgs.n };
}

const errorsOf = (preview: PreviewData) =>
	Object.fromEntries(preview.lines.map((l) => [l.line, l.errors.map((e) => e.key)]));

let admin: SessionUser;
let coordinator: SessionUser;
const ORG = 'Mécanique Ried Précision';
let orgId: string;

beforeAll(async () => {
	admin = await buildUser({ role: 'admin', name: 'Alix Admin' });
	coordinator = await buildUser({ role: 'coordinator', name: 'Camille Coord' });
	orgId = (await buildOrganisation({ name: ORG })).id;
});

describe('the preview', () => {
	it('lists every line with its errors, and writes nothing', async () => {
		const existing = await buildUser({ email: 'deja.la@example.test' });
		await invites.create(
			admin,
			{ email: 'en.attente@example.test', role: 'member', organisationId: orgId },
			'http://localhost',
			'fr'
		);
		const before = await counts();
		const list = [
			`Anne Kieffer;anne.kieffer@example.test;${ORG};membre`,
			`Bruno Schaal;bruno.schaal@example;${ORG};membre`,
			`Anne K.;ANNE.KIEFFER@example.test;${ORG};`,
			`Déjà Là;${existing.email};${ORG};membre`,
			`En Attente;en.attente@example.test;mécanique ried  précision;partenaire`,
			`Chloé Wolff;chloe@example.test;Fonderie Inconnue;direction`,
			`@SUM(A1) Malin;evil@example.test;${ORG};membre`,
			`Dora Admin;dora@example.test;${ORG};administrateur`,
			`Eve;eve@example.test;${ORG};chef`,
			`Fred;fred@example.test;;membre`,
			`=HYPERLINK("http://evil.test";"x");hyper@example.test;${ORG};membre`
		].join('\n');
		const { preview, values } = await previewOf(coordinator, { list });
		expect(errorsOf(preview)).toEqual({
			1: [],
			2: ['validation.email'],
			3: ['invite.bulk.duplicate'],
			4: ['invite.bulk.has_account'],
			5: ['invite.bulk.already_invited'],
			6: ['invite.bulk.organisation_unknown'],
			7: ['invite.bulk.formula'],
			// A coordinator may not bring in an admin.
			8: ['invite.bulk.role_forbidden'],
			9: ['invite.bulk.role_unknown'],
			10: ['invite.bulk.organisation_missing'],
			11: ['invite.bulk.unreadable']
		});
		// The unreadable line is shown as written, as text.
		expect(preview.lines[10].unreadable).toBe(
			`=HYPERLINK("http://evil.test";"x");hyper@example.test;${ORG};membre`
		);
		expect(preview.lines[2].errors[0].params).toEqual({ line: 1 });
		expect(preview.lines[0]).toMatchObject({
			networkRole: 'member',
			organisationId: orgId,
			organisationName: ORG
		});
		// Written differently, the organisation is still found.
		expect(preview.lines[4].organisationName).toBe(ORG);
		expect(preview.unknown).toEqual([
			{ name: 'Fonderie Inconnue', archived: false, choice: '', lines: [6] }
		]);
		expect(preview.ready).toBe(1);
		// Form posts write line ends as \r\n.
		expect(preview.text).toBe(list.replace(/\n/g, '\r\n'));
		expect(values.list).toBe(preview.text);
		expect(await counts()).toEqual(before);
	});

	it('reads an Excel French export: Windows-1252, semicolons, a header', async () => {
		const text = `Prénom;Nom;Adresse e-mail;Société;Rôle\r\nHélène;Müller;helene@example.test;${ORG};Partenaire\r\n`;
		const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
		const { preview, values } = await previewOf(admin, {}, { name: 'export.csv', bytes });
		expect(preview.lines).toMatchObject([
			{
				line: 2,
				name: 'Hélène Müller',
				email: 'helene@example.test',
				networkRole: 'partner',
				errors: []
			}
		]);
		// The file's text takes the pasted list's place, to be corrected there if need be.
		expect(values.list).toBe(text);
	});

	it.each([
		[
			'a binary file',
			new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]),
			'invite.bulk.file_binary',
			{}
		],
		[
			'a file too large',
			new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61),
			'invite.bulk.file_too_large',
			{ max: MAX_FILE_BYTES / 1000 }
		],
		[
			'a file with other columns',
			new TextEncoder().encode('Nom;E-mail;Téléphone\nA;a@example.test;06\n'),
			'invite.bulk.columns_unknown',
			{ columns: 'Téléphone' }
		],
		['an empty file', new TextEncoder().encode(' \n'), 'invite.bulk.empty', {}]
	])(
		'refuses %s with a localised error, keeping the groups ticked',
		async (_, bytes, error, params) => {
			const group = await buildGroup();
			const before = await counts();
			const { result } = await post(
				'preview',
				admin,
				{ list: 'collé;avant@example.test', group: group.id, [`groupRole.${group.id}`]: 'lead' },
				{ name: 'liste.csv', bytes }
			);
			const failure = expectFailure(result, 400) as ReturnType<typeof expectFailure> & {
				params: Record<string, unknown>;
			};
			expect(failure.errors).toEqual({ file: error });
			expect(failure.params).toEqual(params);
			expect(failure.values).toMatchObject({ groups: group.id, [`groupRole.${group.id}`]: 'lead' });
			expect(await counts()).toEqual(before);
		}
	);

	it(`refuses more than ${MAX_LINES} people, saying how many there are`, async () => {
		const list = Array.from(
			{ length: MAX_LINES + 1 },
			(_, i) => `P ${i};p${i}@example.test;${ORG};membre`
		).join('\n');
		const { result } = await post('preview', admin, { list });
		const failure = expectFailure(result, 400) as ReturnType<typeof expectFailure> & {
			params: Record<string, unknown>;
		};
		expect(failure.errors).toEqual({ list: 'invite.bulk.too_many' });
		expect(failure.params).toEqual({ max: MAX_LINES, count: MAX_LINES + 1 });
		// Form posts write line ends as \r\n.
		expect(failure.values.list.replace(/\r\n/g, '\n')).toBe(list);
	});

	it('refuses an archived group for the batch', async () => {
		const archived = await buildGroup({ status: 'archived' });
		const { result } = await post('preview', admin, {
			list: `A;a@example.test;${ORG};membre`,
			group: archived.id
		});
		expect(expectFailure(result, 400).errors).toEqual({ groups: 'invite.groups.unavailable' });
	});
});

describe('sending', () => {
	it('sends only the lines the preview showed as ready, into the groups chosen', async () => {
		const group = await buildGroup({ name: 'Usines ouvertes' });
		const fields = {
			list: [
				`Gaëlle Roth;gaelle.roth@example.test;${ORG};membre`,
				`Henri Weber;henri.weber@example;${ORG};membre`,
				`Iris Bauer;iris.bauer@example.test;${ORG};partenaire`
			].join('\n'),
			group: group.id,
			[`groupRole.${group.id}`]: 'member'
		};
		const { preview } = await previewOf(coordinator, fields);
		expect(preview.ready).toBe(2);
		expect(preview.groups).toMatchObject([{ groupId: group.id, name: 'Usines ouvertes' }]);
		const before = await counts();

		const { result } = await post('send', coordinator, {
			...fields,
			fingerprint: preview.fingerprint
		});
		const { sent } = result as { sent: { email: string; messageId: string }[] };
		expect(sent.map((s) => s.email)).toEqual([
			'gaelle.roth@example.test',
			'iris.bauer@example.test'
		]);
		expect(await counts()).toEqual({
			...before,
			invitations: before.invitations + 2,
			mails: before.mails + 2
		});
		const [mail] = await mailsTo('iris.bauer@example.test');
		expect(sent[1].messageId).toBe(mail.id);
		expect(mail.text).toContain('- Usines ouvertes (Membre)');
		expect(await mailsTo('henri.weber@example')).toEqual([]);

		const rows = await db
			.select({ email: invitations.email, name: invitations.name, role: invitations.role })
			.from(invitations)
			.where(inArray(invitations.email, ['gaelle.roth@example.test', 'iris.bauer@example.test']));
		expect(rows).toEqual(
			expect.arrayContaining([
				{ email: 'gaelle.roth@example.test', name: 'Gaëlle Roth', role: 'member' },
				{ email: 'iris.bauer@example.test', name: 'Iris Bauer', role: 'partner' }
			])
		);
		// Each lands in the group on accepting.
		const token = await lastLinkTo('iris.bauer@example.test', 'invitation');
		const { userId } = await invites.accept(
			token,
			{ name: 'Iris Bauer', password: 'Une phrase assez longue' },
			'192.0.2.9'
		);
		const [membership] = await db
			.select()
			.from(groupMembers)
			.where(eq(groupMembers.userId, userId));
		expect(membership).toMatchObject({ groupId: group.id, role: 'member' });
	});

	it('sends nothing without a preview, or when the list changed since', async () => {
		const list = `Jules Klein;jules.klein@example.test;${ORG};membre`;
		const { preview } = await previewOf(admin, { list });
		const before = await counts();
		for (const fields of <Fields[]>[
			{ list },
			{ list, fingerprint: 'f'.repeat(64) },
			{ list: `${list}\nKarl;karl@example.test;${ORG};membre`, fingerprint: preview.fingerprint },
			// The same people, but into a group the preview did not show.
			{ list, fingerprint: preview.fingerprint, group: (await buildGroup()).id }
		]) {
			const { result } = await post('send', admin, fields);
			const failure = expectFailure(result, 409) as ReturnType<typeof expectFailure> & {
				preview: PreviewData;
			};
			expect(failure.errors).toEqual({ list: 'invite.bulk.changed' });
			// The new preview comes back, to be checked before sending.
			expect(failure.preview.lines.length).toBeGreaterThan(0);
			expect(await counts()).toEqual(before);
		}
	});

	it('sends nothing when no line is ready', async () => {
		const list = `Léo;leo@example;${ORG};membre`;
		const { preview } = await previewOf(admin, { list });
		const before = await counts();
		const { result } = await post('send', admin, { list, fingerprint: preview.fingerprint });
		expect(expectFailure(result, 400).errors).toEqual({ list: 'invite.bulk.nothing_to_send' });
		expect(await counts()).toEqual(before);
	});
});

describe('unknown organisations', () => {
	const list = [
		'Marie Hoffmann;marie@example.test;Tissage Neuf;membre',
		'Noé Hoffmann;noe@example.test;tissage neuf;membre'
	].join('\n');
	const create = { 'unknown.0': 'Tissage Neuf', 'resolve.0': 'new:company' };

	it('lets an admin create one for its lines, once', async () => {
		const { preview } = await previewOf(admin, { list, ...create });
		expect(preview.ready).toBe(2);
		expect(preview.lines[1]).toMatchObject({
			organisation: 'tissage neuf',
			organisationName: 'Tissage Neuf',
			newOrganisation: 'company'
		});
		expect(preview.unknown[0]).toMatchObject({ choice: 'new:company', lines: [1, 2] });
		const before = await counts();
		const { result } = await post('send', admin, {
			list,
			...create,
			fingerprint: preview.fingerprint
		});
		expect((result as { sent: unknown[] }).sent).toHaveLength(2);
		const created = await db
			.select()
			.from(organisations)
			.where(eq(organisations.name, 'Tissage Neuf'));
		expect(created).toMatchObject([{ kind: 'company' }]);
		expect(await counts()).toMatchObject({ organisations: before.organisations + 1 });
		const [marie] = await db
			.select()
			.from(invitations)
			.where(eq(invitations.email, 'marie@example.test'));
		const [noe] = await db
			.select()
			.from(invitations)
			.where(eq(invitations.email, 'noe@example.test'));
		expect(marie.organisationId).toBe(created[0].id);
		expect(noe.organisationId).toBe(created[0].id);
	});

	it('lets a coordinator attach the lines to an existing organisation, not create one', async () => {
		const other = [
			'Odile Frey;odile@example.test;Brasserie Inconnue;membre',
			'Pia Frey;pia@example.test;Brasserie Inconnue;membre'
		].join('\n');
		const attach = { 'unknown.0': 'Brasserie Inconnue', 'resolve.0': orgId };
		const { preview } = await previewOf(coordinator, { list: other, ...attach });
		expect(preview.ready).toBe(2);
		expect(preview.lines[0]).toMatchObject({ organisationId: orgId, organisationName: ORG });

		// Asking to create one anyway is refused, and nothing is written.
		const forged = { 'unknown.0': 'Brasserie Inconnue', 'resolve.0': 'new:company' };
		const refused = await previewOf(coordinator, { list: other, ...forged });
		expect(refused.preview.ready).toBe(0);
		const before = await counts();
		const { thrown } = await post('send', coordinator, {
			list: other,
			...forged,
			fingerprint: refused.preview.fingerprint
		});
		expectHttpError(thrown, 403);
		expect(await counts()).toEqual(before);

		const { result } = await post('send', coordinator, {
			list: other,
			...attach,
			fingerprint: preview.fingerprint
		});
		expect((result as { sent: unknown[] }).sent).toHaveLength(2);
		const [odile] = await db
			.select({ groups: count(invitationGroups.id) })
			.from(invitations)
			.leftJoin(invitationGroups, eq(invitationGroups.invitationId, invitations.id))
			.where(eq(invitations.email, 'odile@example.test'));
		expect(odile.groups).toBe(0);
	});
});

describe('who may use it', () => {
	it.each(['member', 'director', 'partner'] as const)('refuses a %s', async (role) => {
		const user = await buildUser({ role });
		const list = `Quentin;quentin@example.test;${ORG};membre`;
		const before = await counts();
		for (const name of ['preview', 'send'] as const) {
			const { thrown } = await post(name, user, { list, fingerprint: 'x' });
			expectHttpError(thrown, 403);
		}
		expect(await counts()).toEqual(before);
	});

	it('sends a visitor without a session to the login page', async () => {
		for (const name of ['preview', 'send'] as const) {
			const { thrown } = await post(name, null, { list: 'x' });
			expect(thrown).toMatchObject({ status: 303 });
		}
	});
});
