import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
	AbortMultipartUploadCommand,
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	ListMultipartUploadsCommand,
	ListObjectsV2Command,
	S3Client
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isUuid } from '$lib/uuid';
import { FileTooLarge, type FileStore } from './local-store';

// Files in an S3-compatible bucket (AWS S3, MinIO, Garage, Scaleway, OVH…), the store every
// instance of a cluster shares: each under `objects/<id>` (its random id, never its name). A
// write is a multipart upload, completed only once every byte has arrived and passed the limits:
// until then no object exists, and an upload cut halfway is aborted (or, after a crash, aborted
// by the sweep). At most one part (5 MB) of a file is in memory at a time.

/** The smallest part S3 takes (except the last). */
const PART_BYTES = 5 * 1024 * 1024;
const PREFIX = 'objects/';

export interface S3Settings {
	bucket: string;
	/** Another service than AWS (MinIO, Garage…); its objects are then addressed by path. */
	endpoint?: string;
	region?: string;
	/** Without them, the AWS SDK's usual chain (environment, profile, instance role). */
	credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The settings from the environment, or null when no bucket is named (files stay on disk). */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings | null {
	const bucket = env.S3_BUCKET?.trim();
	if (!bucket) return null;
	const accessKeyId = env.S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID;
	const secretAccessKey = env.S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY;
	return {
		bucket,
		endpoint: env.S3_ENDPOINT?.trim() || undefined,
		region: env.S3_REGION?.trim() || env.AWS_REGION || 'us-east-1',
		credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
	};
}

function keyOf(id: string): string {
	// Ids are ours (random UUIDs), never a person's text: anything else is a bug, not a file.
	if (!isUuid(id)) throw new Error(`Not a file id: ${JSON.stringify(id)}`);
	return PREFIX + id.toLowerCase();
}

const missing = (e: unknown) => {
	const error = e as { name?: string; $metadata?: { httpStatusCode?: number } };
	return (
		error?.name === 'NoSuchKey' ||
		error?.name === 'NotFound' ||
		error?.$metadata?.httpStatusCode === 404
	);
};

/** The store in the bucket `settings` names. */
export function s3Store(settings: S3Settings): FileStore {
	const client = new S3Client({
		region: settings.region ?? 'us-east-1',
		endpoint: settings.endpoint,
		forcePathStyle: settings.endpoint !== undefined,
		credentials: settings.credentials
	});
	const Bucket = settings.bucket;

	return {
		async write(id, body, limit) {
			const Key = keyOf(id);
			const hash = createHash('sha256');
			let size = 0;
			// The bytes pass through here on their way: counted, hashed, and stopped past the limit.
			const pipe = new PassThrough({ highWaterMark: 1024 * 1024 });
			const upload = new Upload({
				client,
				params: { Bucket, Key, Body: pipe },
				partSize: PART_BYTES,
				queueSize: 1,
				leavePartsOnError: false
			});
			const sent = upload.done();
			// The upload's own failure is read below, after the body has been fed or has failed.
			sent.catch(() => undefined);
			try {
				for await (const chunk of body) {
					size += chunk.byteLength;
					if (size > limit) throw new FileTooLarge(limit);
					hash.update(chunk);
					if (!pipe.write(chunk)) await new Promise((go) => pipe.once('drain', go));
				}
				pipe.end();
				await sent;
				return { size, sha256: hash.digest('hex') };
			} catch (e) {
				pipe.destroy();
				await upload.abort().catch(() => undefined);
				// An upload small enough to have gone in one request may be complete: removed.
				await client.send(new DeleteObjectCommand({ Bucket, Key })).catch(() => undefined);
				throw e;
			}
		},

		async read(id, range) {
			try {
				const answer = await client.send(
					new GetObjectCommand({
						Bucket,
						Key: keyOf(id),
						Range: range ? `bytes=${range.start}-${range.end}` : undefined
					})
				);
				return answer.Body instanceof Readable ? answer.Body : null;
			} catch (e) {
				if (missing(e)) return null;
				throw e;
			}
		},

		async size(id) {
			try {
				const head = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(id) }));
				return head.ContentLength ?? null;
			} catch (e) {
				if (missing(e)) return null;
				throw e;
			}
		},

		async remove(id) {
			await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(id) }));
		},

		async sweepPartial(olderThanMs) {
			const before = Date.now() - olderThanMs;
			let removed = 0;
			let answer;
			try {
				answer = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: PREFIX }));
			} catch {
				// A service that lists no unfinished uploads: its own lifecycle rules clean them.
				return 0;
			}
			for (const upload of answer.Uploads ?? []) {
				if (!upload.Key || !upload.UploadId || (upload.Initiated?.getTime() ?? 0) > before)
					continue;
				await client.send(
					new AbortMultipartUploadCommand({ Bucket, Key: upload.Key, UploadId: upload.UploadId })
				);
				removed++;
			}
			return removed;
		},

		async *ids() {
			let ContinuationToken: string | undefined;
			do {
				const page = await client.send(
					new ListObjectsV2Command({ Bucket, Prefix: PREFIX, ContinuationToken })
				);
				for (const object of page.Contents ?? []) {
					const id = object.Key?.slice(PREFIX.length) ?? '';
					if (isUuid(id)) yield { id, writtenAt: object.LastModified ?? new Date(0) };
				}
				ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
			} while (ContinuationToken);
		}
	};
}
