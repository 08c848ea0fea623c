'use strict';
// The Node.js version check every npm script runs before any TypeScript is loaded (see "scripts" in
// package.json: `node -r ./scripts/check-node.cjs …` where the script is a plain `node` command, so it
// costs no extra process; `node scripts/check-node.cjs && …` in front of the others). On a Node that
// cannot run Callsight it prints one sentence — the Node it found, the Node it needs, how to get it —
// and exits 1, instead of Node's ERR_UNKNOWN_FILE_EXTENSION stack. Plain CommonJS in old syntax (no
// `?.`, `??`, classes) so that even a very old Node gets as far as printing the sentence.
//
// Supported: "engines" in package.json, ^22.18.0 || ^24.0.0 || >=26.0.0 — 22.18 is the first 22.x
// that runs .ts files without a flag, and vitest 5 leaves out the odd releases 23 and 25.
// test/integration/old-node.test.ts checks that this function and "engines" agree.

function isSupported(version) {
  var m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!m) return false;
  var major = Number(m[1]);
  var minor = Number(m[2]);
  return (major === 22 && minor >= 18) || major === 24 || major >= 26;
}

/** The npm command the user ran, for the `npx -p node@24` hint: `npm start`, `npm run cli`, … */
function npmCommand(event) {
  if (!event) return 'npm start';
  if (event === 'start' || event === 'test') return 'npm ' + event;
  return 'npm run ' + event;
}

function message(version, execPath, event) {
  return (
    'Callsight needs Node.js 24 LTS (or 22.18+, or 26+) but found Node.js ' +
    version +
    ' at ' +
    execPath +
    '; install Node.js 24 (nodejs.org, your package manager or nvm), or run the command through npx' +
    ' without installing anything: npx -y -p node@24 ' +
    npmCommand(event) +
    '\n'
  );
}

module.exports = { isSupported: isSupported, message: message };

var isMainThread = true;
try {
  isMainThread = require('worker_threads').isMainThread;
} catch (e) {
  // Node before 10.5 has no worker_threads: this is the main thread.
}

// With `-r` this file is preloaded into every worker thread too; the main thread has checked already.
if (isMainThread && !isSupported(process.version)) {
  process.stderr.write(message(process.version, process.execPath, process.env.npm_lifecycle_event));
  process.exit(1);
}
