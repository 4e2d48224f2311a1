import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** What `s3Store` takes (written here too: the benchmarks read this file without `$lib`). */
interface S3Settings {
	bucket: string;
	endpoint: string;
	region: string;
	credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An S3-compatible server of our own for a test file (s3rver, which keeps its objects in a
 * temporary folder), with one bucket; `stop` removes everything.
 */
export async function startS3(): Promise<{ settings: S3Settings; stop: () => Promise<void> }> {
	const directory = mkdtempSync(join(tmpdir(), 'maillage-s3-'));
	const server = new S3rver({
		address: '127.0.0.1',
		port: 0,
		silent: true,
		directory,
		configureBuckets: [{ name: 'maillage', configs: [] }]
	});
	const { port } = (await server.run()) as { port: number };
	return {
		settings: {
			bucket: 'maillage',
			endpoint: `http://127.0.0.1:${port}`,
			region: 'us-east-1',
			credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
		},
		stop: async () => {
			// The SDK keeps its connections open: closed here, or the server would wait for them.
			(
				server as unknown as { httpServer: import('node:http').Server }
			).httpServer.closeAllConnections();
			await server.close();
			rmSync(directory, { recursive: true, force: true });
		}
	};
}
