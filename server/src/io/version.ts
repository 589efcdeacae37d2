import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in the product's package.json (found upwards from the bundle), else 0.0.0. */
export function productVersion(from: string = __dirname): string {
  let d = from;
  for (let i = 0; i < 6; i++) {
    const p = join(d, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'calico-tls' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // unreadable or not JSON: keep looking
      }
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return '0.0.0';
}
