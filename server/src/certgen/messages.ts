/**
 * What the certificate generator says to the user (scope `certgen` in the bundles): why an input
 * is refused (`validateOptions`, the etcd server names, an existing CA), why the output folder
 * cannot be used or written, the git-ignore warning, and the lines `calico-tls gen` prints. The
 * CLI (`gen`, in `--locale` or the environment's) and the language server (`calicoTls.generate`,
 * in the session's locale) render them; the errors keep an English `message` for logs and tests.
 *
 * Values stay verbatim: option and field names (`typhaCN`, `serverDnsNames`), CLI flags, paths,
 * the user's own input, Node's errno reasons (io/read.ts) and the texts Go prints. The files the
 * generator writes (certificates, manifests and the comments in them, etcd.flags) are artefacts,
 * not messages: they stay English in every locale.
 */
import { isMsg, m, renderMsg, type Locale, type Messages, type Msg } from '../engine/l10n/messages';

export const CERTGEN_MESSAGES: Messages = {
  // sets.ts validateOptions: {option} is a GenerateOptions field name, {value} the input as given.
  controlChar: "{option} '{value}' contains a control character (a line break, tab or escape)",
  tooLong: '{option} is {length} characters long; at most {max}',
  badNamespace:
    "namespace '{value}' is not a valid Kubernetes namespace (lower-case letters, digits and '-', at most 63, " +
    'starting and ending with a letter or digit)',
  badServerName: "serverName '{value}' is not a valid DNS name",
  badDays: 'validity must be a whole number of days between 1 and {max} (got {days})',
  badDnsName: "'{name}' is not a valid DNS name",
  badIp: "'{ip}' is not a valid IP address",
  badSpiffe: "{option} '{value}' is not a valid SPIFFE ID",
  badUri: "{option} '{value}' is not a valid URI",
  badCommonName: "{option} '{value}' is not a usable Common Name",
  cnTooLong: '{option} is {length} characters long; an X.509 Common Name has at most {max} (RFC 5280 ub-common-name)',
  sameCommonNames: 'Typha and Felix need different Common Names',
  managerNeedsName: 'the Manager certificate needs at least one DNS name or IP address (--dns / --ip)',
  endpointNotHttps: "etcd endpoint '{endpoint}' must be https://",
  notUrl: "'{value}' is not a URL",
  badSignerName: "signerName '{value}' must look like example.com/signer-name",
  // Between two refusals of one input.
  separator: '; ',
  // etcd-server.ts etcdServerNameErrors
  serverDnsNotList: 'serverDnsNames must be a list of DNS names (--server-dns NAME[,NAME])',
  serverIpsNotList: 'serverIps must be a list of IP addresses (--server-ip ADDR[,ADDR])',
  serverNameIsIp: "etcd server name '{name}' is an IP address: give it with --server-ip",
  serverNameNotDns: "etcd server name '{name}' is not a valid DNS name (--server-dns)",
  serverIpInvalid: "etcd server address '{ip}' is not a valid IP address (--server-ip)",
  endpointHostNotDns: "etcd endpoint '{endpoint}' has host '{host}', which is not a valid DNS name",
  // An existing CA (sets.ts caOf, crypto.ts, ca-check.ts). {cert} and {key} name the inputs: the
  // CLI's "--ca-cert FILE", else the two labels below. {reason}: Node's or OpenSSL's words.
  caCertLabel: 'the CA certificate',
  caKeyLabel: 'the CA key',
  caCertUnreadable: '{cert} is not a readable PEM certificate',
  caKeyUnusable: '{key} cannot be used: {reason}',
  caKeyType: 'the CA key is {type}; Calico supports RSA and ECDSA keys',
  caNotCa:
    '{cert} is not a CA certificate (basicConstraints CA:FALSE): Go refuses what it signs with ' +
    '"x509: invalid signature: parent certificate cannot sign this kind of certificate"',
  caNoBasicConstraints:
    '{cert} is not a CA certificate (basicConstraints absent): Go refuses what it signs with ' +
    '"x509: invalid signature: parent certificate cannot sign this kind of certificate"',
  caNoKeyCertSign:
    '{cert} is a CA whose key usage lacks keyCertSign: Go refuses what it signs with ' +
    '"x509: invalid signature: parent certificate cannot sign this kind of certificate"',
  caNotYetValid: '{cert} is not valid yet (from {date})',
  caExpired: '{cert} expired on {date}',
  caExpiresBeforeLeaves:
    '{cert} expires on {date}, before the {days}-day leaves would ({leafEnd}): from then on they fail with ' +
    '"x509: certificate has expired or is not yet valid"; renew the CA or ask for fewer days',
  caKeyMismatch: '{key} is not the private key of {cert}: every certificate it signed would fail verification',
  cancelled: 'cancelled',
  // write.ts: {dir} the output folder, {path} the part of it at fault, {reason} Node's errno reason.
  overwrite: 'refusing to overwrite {files} (use --force to replace them)',
  danglingSymlink: '{path} is a symbolic link to nothing',
  noPartExists: 'cannot use {dir}: no part of it exists',
  partIsFile: 'cannot use {dir}: a part of the path is a file, not a folder',
  cannotUse: 'cannot use {dir}: {reason}',
  isFile: 'cannot use {dir}: {path} is a file, not a folder',
  kernelFs: 'cannot use {dir}: {path} is a kernel file system, not a place for files',
  notWritable: 'cannot use {dir}: {path} is not writable',
  cannotWrite: 'cannot write {path}: {reason}',
  gitUnignored:
    '{dir} is inside a git work tree and not ignored: add it to .gitignore so the private keys are never committed',
  // calico-tls gen (cli/gen.ts); its lines start with "calico-tls gen: " in every locale.
  caUnreadable: 'cannot read the CA: {option} {path} {reason}',
  caTooLarge: 'cannot read the CA: {option} {path} is larger than {kib} KiB; a CA file is a few KB',
  // One line per file written; the paths line up.
  wroteSecret: 'wrote (0600) {path}',
  wrote: 'wrote        {path}',
  warning: 'warning: {warning}',
};

/** One message, or several refusals of one input joined on one line, in `locale`. */
export function certgenText(msg: Msg | readonly Msg[], locale: Locale = 'en'): string {
  const render = (x: Msg) => renderMsg(x, 'certgen', CERTGEN_MESSAGES, locale);
  if (isMsg(msg)) return render(msg);
  return msg.map(render).join(msg.length > 1 ? render(m('separator')) : '');
}

/**
 * An error the generator reports to the user: its message ids, rendered where it is shown
 * (`text(locale)`); `message` is the English text.
 */
export class CertgenError extends Error {
  readonly msgs: readonly Msg[];
  constructor(msg: Msg | readonly Msg[]) {
    const msgs = isMsg(msg) ? [msg] : [...msg];
    super(certgenText(msgs));
    this.msgs = msgs;
  }
  /** The text in `locale`. */
  text(locale: Locale): string {
    return locale === 'en' ? this.message : certgenText(this.msgs, locale);
  }
}
