// The package as a user receives it, for the type and docs checks: what `npm pack` puts in the
// tarball, unpacked into `work`, with the repository's node_modules beside it (so apps in `work`
// resolve every other dependency without an install).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Packs the package into `work` and returns the folder it unpacked to. */
export function unpackInto(work) {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  mkdirSync(join(work, 'pkg'));
  execFileSync('tar', ['-xzf', join(work, filename), '-C', join(work, 'pkg')]);
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  return join(work, 'pkg', 'package');
}
