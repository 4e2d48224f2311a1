// The production build the drills and benchmarks start: rebuilt first when it is missing or older
// than the sources, by the same rule as server.js.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `path` (the same rule as server.js). */
function newest(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(max, name) => Math.max(max, newest(join(path, name))),
		stat.mtimeMs
	);
}

/** Runs `npm run build` when the build is missing or older than the sources. */
export function ensureBuild(root: string) {
	const handler = join(root, 'build', 'handler.js');
	const builtAt = existsSync(handler) ? statSync(handler).mtimeMs : 0;
	const sources = ['src', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'];
	if (!sources.some((p) => newest(join(root, p)) > builtAt)) return false;
	console.log('Building Maillage (npm run build)…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
	return true;
}

/**
 * The commit measured, and whether the working tree differed from it in `paths` (what the
 * measurement depends on).
 */
export function revision(root: string, paths: string[]) {
	const git = (a: string[]) =>
		spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
	const commit = git(['rev-parse', '--short', 'HEAD']) || null;
	return {
		commit,
		dirty: commit ? git(['status', '--porcelain', '--', ...paths]) !== '' : null
	};
}
