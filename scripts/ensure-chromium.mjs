#!/usr/bin/env node
/**
 * The e2e tests drive Debian's Chromium (Playwright's own browser downloads fail on these
 * machines), and a fresh CI machine has none: install it from apt when it is missing.
 */
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

const debianPath = '/usr/bin/chromium';
const chromium = process.env.CHROMIUM_PATH || debianPath;

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

if (isExecutable(chromium)) {
  console.log(`ensure-chromium: using ${chromium}`);
  process.exit(0);
}

if (chromium !== debianPath) {
  // A custom path is the user's own browser: installing Debian's package would not put it there.
  fail(`CHROMIUM_PATH=${chromium} is not an executable file. Point it at a Chromium binary, or unset it to use ${debianPath}.`);
}

if (process.platform !== 'linux') {
  fail(`${chromium} is missing. Install Chromium and set CHROMIUM_PATH to its binary.`);
}

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  fail(
    `${chromium} is missing and installing it needs root. Run as root:\n` +
      '  apt-get update && apt-get install -y chromium\n' +
      'or set CHROMIUM_PATH to an existing Chromium binary.',
  );
}

console.log(`ensure-chromium: ${chromium} is missing; installing Debian's chromium package (this takes a minute)...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', 'chromium']]) {
  const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (run.error) fail(`could not run apt-get (${run.error.message}). Install Chromium yourself and set CHROMIUM_PATH.`);
  if (run.status !== 0) fail(`"apt-get ${args.join(' ')}" failed with exit code ${run.status}; see its output above.`);
}

if (!isExecutable(chromium)) {
  fail(`apt-get finished but ${chromium} is still missing. Set CHROMIUM_PATH to the installed binary.`);
}
console.log(`ensure-chromium: installed ${chromium}`);
