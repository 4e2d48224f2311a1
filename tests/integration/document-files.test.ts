import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentHtml } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import type { SessionUser } from '$lib/server/auth/session';
import { inlineImages } from '$lib/server/files/inline-images';
import { upload } from '$lib/server/files/uploads';
import { afterAnswersSettled } from '$lib/server/jobs';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// Images in documents, read away from the app (an HTML export, the report's PDF): a document
// names files by id, and any id can be written into one, so each image is carried only when the
// reader may open its file.

await createTestDb();

let member: SessionUser;
let outsider: SessionUser;
let ours: { id: string };
let theirs: { id: string };

const photo = (colour: string) =>
	sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
		.jpeg()
		.toBuffer();

beforeAll(async () => {
	[member, outsider] = await Promise.all([buildUser(), buildUser()]);
	const group = await buildGroup({ joinPolicy: 'closed' }, [{ user: member, role: 'member' }]);
	const other = await buildGroup({ joinPolicy: 'closed' }, [{ user: outsider, role: 'lead' }]);
	const put = async (user: SessionUser, groupId: string, name: string) => {
		const bytes = await photo('#3366aa');
		return upload(user, { groupId, folderId: null }, name, [bytes], bytes.length);
	};
	ours = await put(member, group.id, 'quai.jpg');
	theirs = await put(outsider, other.id, 'secret.jpg');
	await afterAnswersSettled();
});

const image = (fileId: string, alt: string): RichNode => ({
	type: 'image',
	attrs: { fileId, alt }
});

describe('images carried in an export', () => {
	it('carries the reader’s images and only names the others', async () => {
		const html = documentHtml({
			type: 'doc',
			content: [image(ours.id, 'Quai'), image(theirs.id, 'Plan secret')]
		});
		const carried = await inlineImages(member, html);
		const images = [
			...carried.matchAll(/<img src="data:image\/webp;base64,([^"]+)" alt="([^"]*)"/g)
		];
		expect(images.map((m) => m[2])).toEqual(['Quai']);
		const decoded = await sharp(Buffer.from(images[0][1], 'base64')).metadata();
		expect(decoded.format).toBe('webp');
		expect(carried).toContain('<span class="missing-image">[Plan secret]</span>');
		expect(carried).not.toContain(theirs.id);
	});

	it('carries nothing for someone who may read neither', async () => {
		const html = documentHtml({ type: 'doc', content: [image(ours.id, 'Quai')] });
		expect(await inlineImages(outsider, html)).toBe('<span class="missing-image">[Quai]</span>');
	});
});
