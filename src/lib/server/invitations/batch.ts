import { createHash } from 'node:crypto';
import { and, gt, inArray, isNull } from 'drizzle-orm';
import { translate, type Locale, type MessageKey, type Params } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	invitations,
	networkRoles,
	organisationKinds,
	organisations,
	users,
	type NetworkRole,
	type OrganisationKind
} from '$lib/server/db/schema';
import { emailField } from '../accounts';
import type { SessionUser } from '../auth/session';
import { FORMULA } from '../actions/board';
import { forbidden, ServiceError } from '../errors';
import { simplified, type ListLine } from './csv';
import * as invitationGroups from './groups';
import type { GroupChoice } from './groups';
import * as invites from '.';
import * as mail from '../mail';
import { can } from '../policy';

export interface LineError {
	key: MessageKey;
	params?: Params;
}

/** A line of the list as the preview shows it: what was written, what it becomes, what is wrong. */
export interface PreviewLine {
	line: number;
	name: string;
	email: string;
	organisation: string;
	role: string;
	/** The line as written, when its quotes could not be read. */
	unreadable?: string;
	/** The network role the line gives, once read. */
	networkRole: NetworkRole | null;
	/** The organisation the person will belong to, once known: its id (none when to be created), its name. */
	organisationId: string | null;
	organisationName: string | null;
	/** That organisation is to be created on sending. */
	newOrganisation: OrganisationKind | null;
	errors: LineError[];
}

/** An organisation named in the list that is not one of the network's (or is archived). */
export interface UnknownOrganisation {
	/** As first written in the list. */
	name: string;
	archived: boolean;
	/** What was chosen for it: '' (nothing yet), `new:<kind>`, or an organisation's id. */
	choice: string;
	lines: number[];
}

export interface Preview {
	lines: PreviewLine[];
	unknown: UnknownOrganisation[];
	/** The lines that would be sent. */
	ready: number;
	/** Stands for what would be sent: sending checks that it is still what the preview showed. */
	fingerprint: string;
}

/** What was chosen for the organisations the network does not know, by their simplified name. */
export type Resolutions = Map<string, string>;

/**
 * The choices made in the preview for unknown organisations: `unknown.<i>` is the name as
 * written, `resolve.<i>` the choice (a new organisation of some kind, or an existing one's id).
 */
export function readResolutions(form: FormData): Resolutions {
	const resolutions: Resolutions = new Map();
	for (const [field, value] of form) {
		const i = /^unknown\.(\d{1,3})$/.exec(field)?.[1];
		const choice = i === undefined ? null : form.get(`resolve.${i}`);
		if (typeof value === 'string' && typeof choice === 'string' && choice !== '') {
			resolutions.set(simplified(value), choice);
		}
	}
	return resolutions;
}

/** The words a list may use for each network role: its code, and its labels in both languages. */
const ROLE_WORDS: Map<string, NetworkRole> = new Map(
	networkRoles.flatMap((role) => {
		const extra: Record<NetworkRole, string[]> = {
			admin: ['administrateur', 'administratrice', 'administrator', 'administration'],
			coordinator: ['coordinateur', 'coordinatrice', 'coordination'],
			director: ['directeur', 'directrice', 'dirigeant', 'dirigeante', 'direction'],
			member: ['membre'],
			partner: ['partenaire']
		};
		const words = [
			role,
			...extra[role],
			translate('fr', `role.${role}`),
			translate('en', `role.${role}`)
		];
		return words.map((w) => [simplified(w), role] as const);
	})
);

/** The network role a cell names; member when it is empty, null when it names none. */
export function roleOf(cell: string): NetworkRole | null {
	if (cell.trim() === '') return 'member';
	return ROLE_WORDS.get(simplified(cell)) ?? null;
}

const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** What is wrong with a name or an organisation's name as written in the list. */
function textProblem(text: string, max: number): LineError | null {
	if (CONTROL.test(text)) return { key: 'invite.bulk.text_invalid' };
	// A list comes from a spreadsheet and its cells may go back to one: none is taken in that a
	// spreadsheet would run as a formula.
	if (FORMULA.test(text)) return { key: 'invite.bulk.formula' };
	if (text.length > max) return { key: 'validation.too_long' };
	return null;
}

type Choice = { create: true; kind: OrganisationKind } | { create: false; id: string };

/** The choice for an unknown organisation, as the preview reads it. */
function choiceOf(choice: string | undefined): Choice | null {
	if (!choice) return null;
	const kind = /^new:(.+)$/.exec(choice)?.[1];
	if (kind !== undefined) {
		return (organisationKinds as readonly string[]).includes(kind)
			? { create: true, kind: kind as OrganisationKind }
			: null;
	}
	return { create: false, id: choice };
}

/**
 * Checks every line of a list the person is about to invite, as the preview shows it: each line
 * with its errors (invalid e-mail, unknown organisation, role that cannot be given, address twice
 * in the list, person already with an account or a pending invitation). Writes nothing.
 */
export async function preview(
	actor: SessionUser,
	list: ListLine[],
	resolutions: Resolutions,
	groups: GroupChoice[]
): Promise<Preview> {
	if (!can(actor, 'invitations.manage')) throw forbidden();
	const mayCreate = can(actor, 'organisations.manage');
	const known = await db
		.select({
			id: organisations.id,
			name: organisations.name,
			archivedAt: organisations.archivedAt
		})
		.from(organisations);
	const active = new Map<string, { id: string; name: string }>();
	const archived = new Set<string>();
	for (const org of known) {
		const key = simplified(org.name);
		if (org.archivedAt) archived.add(key);
		else if (!active.has(key)) active.set(key, org);
	}
	const activeById = new Map(known.filter((o) => !o.archivedAt).map((o) => [o.id, o]));

	const emails = list.flatMap((l) => {
		const parsed = emailField.safeParse(l.email);
		return parsed.success ? [parsed.data] : [];
	});
	const [taken, pending] = emails.length
		? await Promise.all([
				db.select({ email: users.email }).from(users).where(inArray(users.email, emails)),
				db
					.select({ email: invitations.email })
					.from(invitations)
					.where(
						and(
							inArray(invitations.email, emails),
							isNull(invitations.acceptedAt),
							isNull(invitations.revokedAt),
							gt(invitations.expiresAt, new Date())
						)
					)
			])
		: [[], []];
	const takenSet = new Set(taken.map((r) => r.email));
	const pendingSet = new Set(pending.map((r) => r.email));

	const unknown = new Map<string, UnknownOrganisation>();
	const firstLineOf = new Map<string, number>();
	const lines = list.map((raw): PreviewLine => {
		const errors: LineError[] = [];
		const line: PreviewLine = {
			...raw,
			networkRole: null,
			organisationId: null,
			organisationName: null,
			newOrganisation: null,
			errors
		};
		if (raw.unreadable !== undefined) {
			errors.push({ key: 'invite.bulk.unreadable' });
			return line;
		}
		if (raw.tooManyCells) errors.push({ key: 'invite.bulk.too_many_cells' });

		const nameProblem = textProblem(raw.name, 120);
		if (nameProblem) errors.push(nameProblem);

		const email = emailField.safeParse(raw.email);
		if (!email.success) {
			const key = email.error.issues[0]?.message;
			errors.push({
				key: key === 'validation.required' ? 'invite.bulk.email_missing' : 'validation.email'
			});
		} else {
			line.email = email.data;
			const earlier = firstLineOf.get(email.data);
			if (earlier !== undefined)
				errors.push({ key: 'invite.bulk.duplicate', params: { line: earlier } });
			else firstLineOf.set(email.data, raw.line);
			if (takenSet.has(email.data)) errors.push({ key: 'invite.bulk.has_account' });
			else if (pendingSet.has(email.data)) errors.push({ key: 'invite.bulk.already_invited' });
		}

		const orgProblem = textProblem(raw.organisation, 160);
		if (raw.organisation === '') errors.push({ key: 'invite.bulk.organisation_missing' });
		else if (orgProblem) errors.push(orgProblem);
		else {
			const key = simplified(raw.organisation);
			const found = active.get(key);
			if (found) {
				line.organisationId = found.id;
				line.organisationName = found.name;
			} else {
				const entry = unknown.get(key) ?? {
					name: raw.organisation,
					archived: archived.has(key),
					choice: resolutions.get(key) ?? '',
					lines: []
				};
				entry.lines.push(raw.line);
				unknown.set(key, entry);
				const choice = choiceOf(resolutions.get(key));
				if (choice?.create && mayCreate && !entry.archived && raw.organisation.length >= 2) {
					// Written differently on several lines, it is created once, as first written.
					line.organisationName = entry.name;
					line.newOrganisation = choice.kind;
				} else if (choice && !choice.create && activeById.has(choice.id)) {
					line.organisationId = choice.id;
					line.organisationName = activeById.get(choice.id)!.name;
				} else {
					if (choice) entry.choice = '';
					errors.push({
						key: entry.archived
							? 'invite.bulk.organisation_archived'
							: 'invite.bulk.organisation_unknown',
						params: { name: raw.organisation }
					});
				}
			}
		}

		line.networkRole = roleOf(raw.role);
		if (!line.networkRole)
			errors.push({ key: 'invite.bulk.role_unknown', params: { role: raw.role } });
		else if (!can(actor, 'invitations.create', { role: line.networkRole })) {
			errors.push({ key: 'invite.bulk.role_forbidden' });
		}
		return line;
	});

	const ready = lines.filter((l) => l.errors.length === 0);
	const hash = createHash('sha256');
	for (const l of ready) {
		hash.update(
			`${l.email}\0${l.name}\0${l.networkRole}\0${l.organisationId}\0${l.organisationName}\0${l.newOrganisation}\n`
		);
	}
	for (const g of groups) hash.update(`${g.groupId}\0${g.role}\n`);
	return {
		lines,
		unknown: [...unknown.values()],
		ready: ready.length,
		fingerprint: hash.digest('hex')
	};
}

/** What sending a list did: the invitations sent, or the preview again when it changed since. */
export type SendResult =
	{ ok: true; sent: { email: string; messageId: string }[] } | { ok: false; preview: Preview };

/**
 * Sends the invitations of a list the person has seen in a preview and confirmed: the lines
 * without errors, each into the same groups. Nothing is sent unless the list, as checked now,
 * still gives what the preview showed (`fingerprint`); otherwise the new preview is returned.
 * Organisations chosen to be created are created with the invitations, in one transaction.
 */
export async function send(
	actor: SessionUser,
	list: ListLine[],
	resolutions: Resolutions,
	groups: GroupChoice[],
	fingerprint: string,
	origin: string,
	locale: Locale
): Promise<SendResult> {
	if (!can(actor, 'invitations.manage')) throw forbidden();
	for (const choice of resolutions.values()) {
		if (choice.startsWith('new:') && !can(actor, 'organisations.manage')) throw forbidden();
	}
	const checked = await preview(actor, list, resolutions, groups);
	if (checked.fingerprint !== fingerprint) return { ok: false, preview: checked };
	const ready = checked.lines.filter((l) => l.errors.length === 0);
	if (ready.length === 0) throw new ServiceError('invalid', 'invite.bulk.nothing_to_send', 'list');

	const from = await invites.sender(actor, origin, locale);
	const queued = await db.transaction(async (tx) => {
		const resolved = await invitationGroups.resolve(tx, actor, groups);
		// Organisations created here, by name: several lines may name the same new one.
		const created = new Map<string, string>();
		const messages = [];
		for (const line of ready) {
			let organisationId = line.organisationId ?? created.get(line.organisationName!);
			if (!organisationId && line.newOrganisation) {
				const [row] = await tx
					.insert(organisations)
					.values({ name: line.organisationName!, kind: line.newOrganisation })
					.onConflictDoNothing()
					.returning({ id: organisations.id });
				// Someone else created it since the preview: the list is no longer what was shown.
				if (!row) throw new ServiceError('conflict', 'invite.bulk.changed', 'list');
				organisationId = row.id;
				created.set(line.organisationName!, organisationId);
			}
			if (!organisationId) throw new ServiceError('conflict', 'invite.bulk.changed', 'list');
			const { message } = await invites.insert(
				tx,
				from,
				{ email: line.email, name: line.name, role: line.networkRole!, organisationId },
				resolved
			);
			messages.push(message);
		}
		return messages;
	});
	for (const message of queued) await mail.deliver(message);
	return { ok: true, sent: queued.map((m) => ({ email: m.to, messageId: m.id })) };
}
