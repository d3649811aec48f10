// The peer ANN libraries: their own npm package in bench/ann (package.json + package-lock.json),
// not installed by the project's `npm ci`. ensurePeers() installs them when they are missing and
// builds hnswlib-node's native addon, logging every step; requirePeer() loads one from there.
//
// The project compiles without them: nothing here imports a peer statically, and the subjects
// describe the few calls they make with their own small interfaces.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PEERS_DIR } from './paths.js';

/** Each peer's package, as the subjects name it. */
export const PEER_PACKAGES = ['usearch', 'hnswlib-node', '@lancedb/lancedb', 'apache-arrow'] as const;
export type PeerPackage = (typeof PEER_PACKAGES)[number];

const peerRequire = createRequire(join(PEERS_DIR, 'package.json'));

/** Loads a peer from bench/ann/node_modules (CommonJS entry points, native addons included). */
export function requirePeer<T>(name: PeerPackage): T {
  return peerRequire(name) as T;
}

/** The installed version of a peer, or undefined. */
export function peerVersion(name: PeerPackage): string | undefined {
  try {
    // Read from disk: not every package exports its package.json.
    const path = join(PEERS_DIR, 'node_modules', ...name.split('/'), 'package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Which peers load, tried in a child process so that a broken addon cannot take this one down. */
export function probePeers(): Map<PeerPackage, string | undefined> {
  const script = `
    const { createRequire } = require('node:module');
    const r = createRequire(process.argv[1]);
    const out = {};
    for (const name of JSON.parse(process.argv[2])) {
      try { r(name); out[name] = null; } catch (e) { out[name] = String(e && e.message || e).split('\\n')[0]; }
    }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['-e', script, join(PEERS_DIR, 'package.json'), JSON.stringify(PEER_PACKAGES)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const result = new Map<PeerPackage, string | undefined>();
  let parsed: Record<string, string | null>;
  try {
    parsed = JSON.parse(r.stdout) as Record<string, string | null>;
  } catch {
    for (const name of PEER_PACKAGES) result.set(name, `probe failed: ${r.stderr || r.error?.message || `exit ${r.status}`}`.trim());
    return result;
  }
  for (const name of PEER_PACKAGES) result.set(name, parsed[name] ?? undefined);
  return result;
}

/** Runs npm in bench/ann, its output logged (stdout is the report); a failure's first lines only. */
function npm(args: string[], log: (line: string) => void): boolean {
  log(`ann: running \`npm ${args.join(' ')}\` in ${PEERS_DIR}`);
  const r = spawnSync('npm', args, { cwd: PEERS_DIR, encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  const ok = !r.error && r.status === 0;
  // npm prints its whole usage text after some errors: keep what comes before it.
  const lines = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').filter((l) => l.trim() && !/Unknown (user|env) config "nodedir"/.test(l));
  const usage = lines.findIndex((l) => /^npm error (Usage:|Clean install a project)/.test(l));
  const shown = usage >= 0 ? lines.slice(0, usage) : lines;
  for (const line of ok ? shown : shown.slice(0, 20)) log(`  ${line}`);
  if (r.error) log(`ann: npm could not run: ${r.error.message}`);
  else if (r.status !== 0) log(`ann: npm ${args[0]} exited with ${r.status}`);
  return ok;
}

/**
 * Makes the peers loadable, installing them when needed: `npm ci` from the lock file; if npm
 * refuses that (npm ci also wants lock entries for optional platform packages that are not on
 * the registry at the pinned version, e.g. some of LanceDB's), `npm install --no-save`, which
 * installs the same locked versions without rewriting the lock. npm 11 runs no dependency
 * install scripts unless package.json's allowScripts approves them (hnswlib-node is approved);
 * if hnswlib-node still does not load, `npm rebuild hnswlib-node --foreground-scripts` builds
 * it with node-gyp. Returns, per peer, undefined when it loads or why it does not.
 */
export function ensurePeers(log: (line: string) => void): Map<PeerPackage, string | undefined> {
  let status = probePeers();
  const broken = () => [...status].filter(([, why]) => why !== undefined);
  if (broken().length === 0) return status;
  const missing = PEER_PACKAGES.filter((p) => !existsSync(join(PEERS_DIR, 'node_modules', p, 'package.json')));
  if (missing.length > 0) {
    log(`ann: peer libraries missing (${missing.join(', ')}): installing them from bench/ann/package-lock.json`);
    if (!npm(['ci', '--no-audit', '--no-fund'], log)) {
      log('ann: `npm ci` failed; installing the locked versions with `npm install --no-save` instead');
      npm(['install', '--no-save', '--no-audit', '--no-fund'], log);
    }
    status = probePeers();
  }
  if (status.get('hnswlib-node') !== undefined && existsSync(join(PEERS_DIR, 'node_modules', 'hnswlib-node'))) {
    log(`ann: hnswlib-node does not load (${status.get('hnswlib-node')}); building its addon`);
    npm(['rebuild', 'hnswlib-node', '--foreground-scripts'], log);
    status = probePeers();
  }
  for (const [name, why] of broken()) log(`ann: peer ${name} unavailable: ${why}`);
  return status;
}
