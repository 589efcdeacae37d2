// The main job on the shipped examples: lint the broken and the corrected Felix-Typha setup
// with the built CLI, as a user would, and show both results. Exit 0 when the broken setup
// reports its defects (exit 1), the corrected one is clean (exit 0), and the cluster dump reports
// its two defects (exit 1).
import { spawnSync } from 'node:child_process';

let ok = true;
for (const [dir, want] of [
  ['examples/typha-felix-broken', 1],
  ['examples/typha-felix-fixed', 0],
  ['examples/cluster-dump', 1],
]) {
  console.log(`\n$ calico-tls lint ${dir}`);
  const r = spawnSync(process.execPath, ['dist/cli.js', 'lint', dir], { stdio: 'inherit' });
  console.log(`(exit code ${r.status}, expected ${want})`);
  if (r.status !== want) ok = false;
}
process.exit(ok ? 0 : 1);
