// Regenerates server/src/engine/calico/felix-params.json from Calico's generated parameter
// metadata (felix/docs/config-params.json, OSS, and the Calico Enterprise docs copy). Run by
// hand when Calico adds parameters; the output is committed so builds need no shared/ folder.
//   node scripts/gen-felix-params.mjs ../shared/corpus/calico/felix-config-params.json ../shared/corpus/docs/enterprise-felix-config-params.json
import { readFileSync, writeFileSync } from 'node:fs';

const [oss, ent] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const fields = (d) => d.Groups.flatMap((g) => g.Fields.map((f) => ({ ...f, Group: g.Name })));
const out = new Map();
for (const [src, edition] of [
  [oss, 'oss'],
  [ent, 'enterprise'],
]) {
  for (const f of fields(src)) {
    const key = f.NameConfigFile.toLowerCase();
    const prev = out.get(key);
    if (prev) {
      if (edition === 'enterprise' && f.StringDefault !== prev.default) prev.enterpriseDefault = f.StringDefault;
      continue;
    }
    out.set(key, {
      name: f.NameConfigFile,
      env: f.NameEnvVar,
      yaml: f.NameYAML || undefined,
      group: f.Group,
      schema: f.StringSchema,
      default: f.StringDefault,
      localOnly: f.AllowedConfigSources === 'LocalOnly',
      onParseFailure: f.OnParseFailure,
      description: f.Description.replace(/\s+/g, ' ').trim(),
      editions: edition === 'oss' ? undefined : ['enterprise'],
    });
  }
}
const list = [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
writeFileSync(
  new URL('../server/src/engine/calico/felix-params.json', import.meta.url),
  JSON.stringify(list, null, 1) + '\n',
);
console.log(`${list.length} parameters`);
