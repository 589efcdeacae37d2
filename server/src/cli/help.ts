/** Help texts: `calico-tls --help`, `calico-tls help <command>`, `calico-tls <command> --help`. */
export const HELP = `calico-tls: find inconsistent TLS settings in Calico manifests and configuration

Usage:
  calico-tls lint [options] PATH...     lint files and folders (recursive) as one workspace; '-' reads stdin
  calico-tls rules [--format json]      list the rules
  calico-tls explain RULE-ID            show a rule's documentation
  calico-tls gen SET --out DIR          generate a certificate set and its manifests
  calico-tls help COMMAND               help for one command
  calico-tls --version | --help

Exit codes: 0 no error, 1 errors (or more warnings than --max-warnings), 2 usage or I/O error.`;

export const LINT_HELP = `calico-tls lint [options] PATH...

Lints Calico manifests and Felix/Typha/etcd/Prometheus configuration. All files are analysed
together as one workspace, so cross-file checks (a DaemonSet here, its Secret there) work.

PATH is a file (always linted, whatever its extension), a folder (searched recursively for
.yaml .yml .json .jsonc .conflist .cfg, certificate files and kubeconfigs; node_modules and .git
skipped) or '-' for stdin, shown as <stdin>:
  kubectl get ds,deploy,secret,cm -A -o yaml | calico-tls lint -

Options:
  -f, --format FORMAT               stylish (default), json, sarif (SARIF 2.1.0, for code
                                    scanning), github (Actions annotations) or gitlab (Code
                                    Quality report)
      --max-warnings N              exit 1 when there are more than N warnings
  -c, --config FILE                 configuration (default: ./.calico-tls.yaml when present)
      --include-info                also report info findings (hidden by default)
  -q, --quiet                       report errors only
      --no-color                    no colours (also NO_COLOR); --color forces them
      --progress, --no-progress     progress on stderr (default: for runs over a second of
                                    stylish output to a terminal)
      --locale LOCALE               language of the messages: en or zh-cn (简体中文). Default:
                                    from LC_ALL, LC_MESSAGES or LANG (zh_CN.UTF-8 is zh-cn)
      --concurrency N|auto|off      threads that read, parse and analyse (default auto: the
                                    machine's cores for runs of hundreds of files, else one)
      --cache                       reuse what the last run learnt for unchanged files (kept in
                                    ./.calico-tls-cache; a new version, other options or another
                                    day start afresh)
      --cache-location FILE         the cache file (implies --cache)
  -h, --help                        this help

--format json prints one array of {file, line, column, endLine, endColumn, severity, rule,
message, related} (file relative to the current directory, 1-based positions). Rule ids and
field names are English in every locale; message is in the chosen language (SARIF: the run's
language says which).

Exit codes: 0 no error, 1 errors (or more warnings than --max-warnings), 2 usage error,
unreadable PATH or invalid configuration.`;

export const RULES_HELP = `calico-tls rules [--format table|json]

Lists every rule: id, category, default severity, quick fix (safe, unsafe or -) and description.
--format json prints the rules' metadata as a JSON array.`;

export const EXPLAIN_HELP = `calico-tls explain [--locale LOCALE] RULE-ID

Prints a rule's documentation (Markdown): what it finds, why it matters, incorrect and correct
examples. 'calico-tls rules' lists the ids.

Options:
  --locale LOCALE   en or zh-cn (简体中文). Default: from LC_ALL, LC_MESSAGES or LANG
                    (zh* is zh-cn, anything else English)`;
