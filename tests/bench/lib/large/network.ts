// The network itself: organisations, people, groups and who is in which group, drawn in memory
// (a few thousand rows) as the model that every part of the seed is written from.
import {
	FIRST_NAMES,
	LAST_NAMES,
	PARTNERS,
	PLACES,
	THEMES,
	TOPICS,
	TOWNS,
	TRADES
} from './names.ts';
import { cumulate, slugify } from './random.ts';

export const DAY = 86_400_000;
export const NETWORK_NAME = 'Réseau Industries du Grand Ried';
/** Everyone's password (the demo's). */
export const PASSWORD = 'route-industrie';
/** The accounts to log in with, whatever the seed: one per network role. */
export const LOGINS = {
	admin: 'admin@maillage.test',
	coordinator: 'coordination@maillage.test',
	director: 'direction@maillage.test',
	member: 'membre@maillage.test',
	partner: 'partenaire@maillage.test'
};

export type Org = {
	id: string;
	name: string;
	kind: string;
	town: string;
	sector: string;
	domain: string;
};
export type Person = {
	id: string;
	email: string;
	name: string;
	role: string;
	org: Org;
	weight: number;
	reliability: number;
	createdAt: number;
};
export type Member = { person: Person; role: 'lead' | 'member' | 'observer'; joinedAt: number };
export type Group = {
	id: string;
	slug: string;
	name: string;
	theme: string;
	status: string;
	weight: number;
	createdAt: number;
	endsAt: number;
	members: Member[];
	leads: Person[];
};
export type Network = { orgs: Org[]; people: Person[]; groups: Group[]; coordinator: Person };

const ascii = (s: string) => slugify(s).replace(/-/g, '');
/** A log-normal-ish activity weight around 1 (0.2 – 5). */
const spread = (random: import('./random.ts').Random) =>
	Math.exp((random.next() + random.next() + random.next() - 1.5) * 1.2);

export function drawNetwork(
	random: import('./random.ts').Random,
	size: { organisations: number; people: number; groups: number; now: number }
): Network {
	const orgs = drawOrganisations(random, size.organisations);
	const people = drawPeople(random, orgs, size.people, size.now);
	const groups = drawGroups(random, people, size.groups, size.now);
	const coordinator = people.find((p) => p.email === LOGINS.coordinator) as Person;
	return { orgs, people, groups, coordinator };
}

function drawOrganisations(random: import('./random.ts').Random, count: number) {
	const orgs: Org[] = [];
	const names = new Set();
	const add = (kind: string, name: string, sector: string) => {
		names.add(name);
		const domain = `${slugify(name).split('-').slice(0, 4).join('-')}.test`;
		orgs.push({ id: random.uuid(), name, kind, town: random.pick(TOWNS), sector, domain });
	};
	add('association', NETWORK_NAME, 'réseau d’entreprises');
	const partners = PARTNERS.slice(0, Math.max(1, Math.round(count * 0.18)));
	const companies = count - 1 - partners.length;
	while (orgs.length < 1 + companies) {
		const [trade, sector] = random.pick(TRADES);
		const name = random.chance(0.3)
			? `${random.pick(['Établissements', 'Ateliers', 'Groupe'])} ${random.pick(LAST_NAMES)}`
			: `${trade} ${random.pick(PLACES)}`;
		if (!names.has(name))
			add('company', name, name.startsWith(trade) ? sector : random.pick(TRADES)[1]);
	}
	for (const [kind, name, sector] of partners) add(kind, name, sector);
	return orgs;
}

function drawPeople(random: import('./random.ts').Random, orgs: Org[], count: number, now: number) {
	const [network, ...rest] = orgs;
	const companies = rest.filter((o) => o.kind === 'company');
	const partners = rest.filter((o) => o.kind !== 'company');
	// Company sizes fall off with rank, as in a real territory (a few big sites, many small ones).
	const networkSize = 10;
	const partnerSize = 15;
	const companyTotal = count - networkSize - partners.length * partnerSize;
	const zipf = companies.map((_, r) => 1 / (r + 1) ** 0.7);
	const zipfSum = zipf.reduce((a, b) => a + b, 0);
	const sizes = new Map(
		companies.map((o, r) => [o, Math.max(8, Math.floor((companyTotal * zipf[r]) / zipfSum))])
	);
	const first = companies[0];
	sizes.set(
		first,
		(sizes.get(first) as number) + companyTotal - [...sizes.values()].reduce((a, b) => a + b, 0)
	);
	sizes.set(network, networkSize);
	for (const o of partners) sizes.set(o, partnerSize);

	const people: Person[] = [];
	const emails = new Set();
	const add = (org: Org, role: string, email: string | null = null) => {
		const firstName = random.pick(FIRST_NAMES);
		const lastName = random.pick(LAST_NAMES);
		let address = email ?? `${ascii(firstName)}.${ascii(lastName)}@${org.domain}`;
		for (let n = 2; emails.has(address); n++)
			address = `${ascii(firstName)}.${ascii(lastName)}${n}@${org.domain}`;
		emails.add(address);
		people.push({
			id: random.uuid(),
			email: address,
			name: `${firstName} ${lastName}`,
			role,
			org,
			weight:
				role === 'director'
					? 1.5 * spread(random)
					: role === 'partner'
						? 0.8 * spread(random)
						: spread(random),
			reliability: 0.55 + 0.4 * random.next(),
			createdAt: now - (400 + random.int(0, 700)) * DAY
		});
	};
	add(network, 'admin', LOGINS.admin);
	add(network, 'admin');
	add(network, 'coordinator', LOGINS.coordinator);
	for (let i = 0; i < 3; i++) add(network, 'coordinator');
	while (people.length < networkSize) add(network, 'member');
	for (const org of companies) {
		const n = sizes.get(org) as number;
		const before = people.length;
		add(org, 'director', org === first ? LOGINS.director : null);
		if (n > 120) add(org, 'director');
		if (org === first) add(org, 'member', LOGINS.member);
		while (people.length - before < n) add(org, 'member');
	}
	for (const org of partners) {
		add(org, 'partner', org === partners[0] ? LOGINS.partner : null);
		for (let i = 1; i < partnerSize; i++) add(org, 'partner');
	}
	return people;
}

function drawGroups(
	random: import('./random.ts').Random,
	people: Person[],
	count: number,
	now: number
) {
	const candidates = people.filter((p) => p.role !== 'admin');
	const weights = cumulate(candidates.map((p) => (p.role === 'coordinator' ? 0.3 : p.weight)));
	const groups: Group[] = [];
	const slugs = new Set();
	while (groups.length < count) {
		const theme = random.weighted(THEMES as [string, number][]);
		const topic = random.pick((TOPICS as Record<string, string[]>)[theme]);
		const name = `${topic} — ${random.pick(TOWNS)}`;
		const slug = slugify(name);
		if (slugs.has(slug)) continue;
		slugs.add(slug);
		const status = random.weighted([
			['active', 85],
			['paused', 9],
			['archived', 6]
		]);
		const createdAt = random.chance(0.35)
			? now - (730 + random.int(10, 300)) * DAY
			: now - (730 - 600 * random.next() ** 2) * DAY;
		const endsAt =
			status === 'archived'
				? now - random.int(90, 400) * DAY
				: status === 'paused'
					? now - random.int(35, 120) * DAY
					: now;
		const size = 10 + Math.floor(50 * random.next() ** 1.3);
		const chosen = random.sample(candidates, weights, size);
		const leadCount = size > 40 ? 3 : size > 20 ? 2 : 1;
		const lifetime = Math.max(DAY, Math.min(endsAt, now) - createdAt);
		const members: Member[] = chosen.map((person, i) => ({
			person,
			role:
				i < leadCount && person.role !== 'partner' && person.role !== 'coordinator'
					? 'lead'
					: person.role === 'partner' || random.chance(0.08)
						? 'observer'
						: 'member',
			// Founders join on the first day; the others along the group's life.
			joinedAt: createdAt + (i < size / 3 ? random.int(0, 7) * DAY : random.next() * 0.8 * lifetime)
		}));
		if (!members.some((m) => m.role === 'lead')) {
			const member = members.find((m) => m.person.role !== 'partner') ?? members[0];
			member.role = 'lead';
		}
		groups.push({
			id: random.uuid(),
			slug,
			name,
			theme,
			status,
			weight: spread(random),
			createdAt,
			endsAt,
			members,
			leads: members.filter((m) => m.role === 'lead').map((m) => m.person)
		});
	}
	return groups;
}
