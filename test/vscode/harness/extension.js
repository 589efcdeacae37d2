// Runs the extension-host suite when VS Code has started, then writes the results where the
// offline runner (scripts/vscode-test.mjs) waits for them. Both paths come from the
// environment, which code-server's extension host inherits.
'use strict';
const fs = require('node:fs');

exports.activate = async function activate() {
  const suite = process.env.CALICO_TLS_SUITE;
  const out = process.env.CALICO_TLS_RESULTS;
  if (!suite || !out) return;
  let payload;
  try {
    payload = { results: await require(suite).runSuite() };
  } catch (e) {
    payload = { error: String((e && e.stack) || e) };
  }
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(payload, null, 2));
  fs.renameSync(`${out}.tmp`, out);
};

exports.deactivate = function deactivate() {};
