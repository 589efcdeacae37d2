/**
 * The one list of files Calico TLS reads, used by the CLI's folder walk, the language server's
 * index and file watchers, and the VS Code client's watchers and document selector (which import
 * this module alone: it has no imports). Manifests (YAML/JSON), CNI conflists, felix.cfg and
 * typha.cfg, certificate and key files, kubeconfigs, calicoctl.cfg, and templates of any of
 * them (Jinja2, ERB, Go): what a template is comes from the name under its suffix and its
 * content (parse/index.ts formatOf).
 */
export const CANDIDATE_EXTENSIONS = [
  'yaml',
  'yml',
  'json',
  'jsonc',
  'conflist',
  'cfg',
  'pem',
  'crt',
  'cer',
  'key',
  'j2',
  'jinja2',
  'jinja',
  'erb',
  'tpl',
  'tmpl',
  'gotmpl',
] as const;
export const CANDIDATE_NAMES = ['kubeconfig', 'calico-kubeconfig', 'calicoctl.cfg'] as const;

/** The list as globs, for file watchers. */
export const CANDIDATE_GLOBS: readonly string[] = [
  `**/*.{${CANDIDATE_EXTENSIONS.join(',')}}`,
  `**/{${CANDIDATE_NAMES.join(',')}}`,
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The list as a test of a file name (case-insensitive, like the file systems users have). */
export const CANDIDATE_FILE = new RegExp(
  `\\.(${CANDIDATE_EXTENSIONS.map(escape).join('|')})$|(^|[\\\\/])(${CANDIDATE_NAMES.map(escape).join('|')})$`,
  'i',
);

/**
 * Language ids these files open with in VS Code, with the extensions that provide them: YAML,
 * JSON, INI, and the template languages (Jinja: `jinja-yaml`, `jinja-json`, `jinja`; Ansible:
 * `ansible`; Helm: `helm`; ERB: `erb`; `.cfg` opened as `properties`).
 */
export const CANDIDATE_LANGUAGES = [
  'yaml',
  'json',
  'jsonc',
  'ini',
  'properties',
  'jinja',
  'jinja-yaml',
  'jinja-json',
  'ansible',
  'helm',
  'erb',
  'gotmpl',
  'go-template',
] as const;
