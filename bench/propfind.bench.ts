// HTTP PROPFIND against examples/webdav-server on its filesystem store, next to the same workload on the
// `webdav-server` (v2) and `nephele` npm packages serving the same directory. Every server runs in its own
// child process, so its peak RSS is its own (read from /proc/<pid>/status VmHWM).
//
// Workloads:
//   1. PROPFIND Depth: 1, allprop, on a collection of 10,000 files: median of up to 20 requests (one at a time,
//      after a warm-up), response bytes, peak RSS. Slow servers get fewer runs within a time budget (stated).
//      Our server runs twice side by side (node's defaults, and the start script's V8 flags), the requests
//      alternating between the two, so load from elsewhere on a shared machine does not favour either. Each
//      server's CPU time per request (all its threads) is read from /proc/<pid>/stat around each request.
//   2. Throughput on a small collection (20 files) with autocannon: 10 connections for a few seconds.
//   3. Our server only, with Depth: infinity enabled: a walk over 50,000 resources, and the same walk over
//      5,000, each in a fresh process, to show that peak memory does not grow with the size of the listing.
//
// PROPFIND_BENCH_ONLY=ours runs our server's rows and walks only (no npm servers: a minute instead of several),
// for quick iterations; its output is not meant for docs/benchmarks.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs as CommonJS or as ESM, depending on how tsx loads it.
const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'propfind.bench.ts'));
// autocannon ships no types; the few fields used here are typed below.
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{
  requests: { average: number };
  non2xx: number;
  errors: number;
}>;
// autocannon refuses methods outside its own list (RFC 7231's and PATCH); its list is a plain exported array,
// so PROPFIND is added to it rather than sending a GET that WebDAV servers would answer differently.
const autocannonMethods = require('autocannon/lib/httpMethods') as string[];
if (!autocannonMethods.includes('PROPFIND')) autocannonMethods.push('PROPFIND');
const repo = join(here, '..');
const ALLPROP = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>';
const BIG = 10_000;
const SMALL = 20;
const RUNS = 20;
/** Resources of the two Depth: infinity walks (root + small/ + collections + files, see makeTree). */
const WALK_BIG = 2 + 50 + 50 * 1000;
const WALK_SMALL = 2 + 5 + 5 * 1000;
/** Seconds a server may spend on the timed Depth 1 runs before we stop at fewer than RUNS (stated in the output). */
const BUDGET_S = 40;

// Servers that print `LISTENING <port>` once they accept connections.
const WEBDAV_SERVER_SCRIPT = `
const { v2: webdav } = require('webdav-server');
const server = new webdav.WebDAVServer({ hostname: '127.0.0.1', port: 0 });
server.setFileSystem('/', new webdav.PhysicalFileSystem(process.env.ROOT), () => {
  server.start((http) => console.log('LISTENING ' + http.address().port));
});`;
const NEPHELE_SCRIPT = `
import express from 'express';
import nepheleServer from 'nephele';
import FileSystemAdapter from '@nephele/adapter-file-system';
import NoAuthenticator from '@nephele/authenticator-none';
const app = express();
app.use('/', nepheleServer({ adapter: new FileSystemAdapter({ root: process.env.ROOT }), authenticator: new NoAuthenticator() }));
const server = app.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));`;

interface ServerSpec {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * Our server runs as plain JavaScript, as it would in production: the example's start script bundled with
 * esbuild (tsup's, already installed), with @multistatus/* taken from the workspace sources. Under tsx it
 * would carry the TypeScript loader's ~40 MB along, which is not the server's memory.
 */
function bundleOurs(outDir: string): string {
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as {
    buildSync(options: Record<string, unknown>): unknown;
  };
  const outfile = join(outDir, 'webdav-server.cjs');
  esbuild.buildSync({
    entryPoints: [join(repo, 'examples/webdav-server/src/start.ts')],
    tsconfig: join(repo, 'examples/webdav-server/tsconfig.json'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

let ourBundle = '';

function ours(env: Record<string, string> = {}): ServerSpec {
  return { name: 'multistatus example (fs store)', args: [ourBundle], env: { PORT: '0', ...env } };
}

/**
 * The V8 heap sizing flags the example's start script passes to node (`--max-semi-space-size=…`), read from
 * its package.json so the bench measures what `pnpm start` runs. Our server is measured both with node's
 * defaults (the row the ratios use) and with these, so the effect of the flag is shown, not folded in.
 */
function startScriptFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(repo, 'examples/webdav-server/package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  return (manifest.scripts?.start ?? '').split(/\s+/).filter((token) => /^--max-[a-z-]+-size=\d+$/.test(token));
}

function oursAsStarted(): ServerSpec | undefined {
  const flags = startScriptFlags();
  if (flags.length === 0) return undefined;
  return {
    name: `multistatus example (fs store, start script's ${flags.join(' ')})`,
    args: [...flags, ourBundle],
    env: { PORT: '0' },
  };
}

const COMPETITORS: ServerSpec[] = [
  { name: 'webdav-server 2 (npm)', args: ['-e', WEBDAV_SERVER_SCRIPT] },
  { name: 'nephele (npm)', args: ['--input-type=module', '-e', NEPHELE_SCRIPT] },
];

interface Running {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
  peakRss(): number;
}

async function start(spec: ServerSpec, root: string): Promise<Running> {
  const child = spawn(process.execPath, spec.args, {
    cwd: repo,
    env: { ...process.env, ROOT: root, WEBDAV_ROOT: root, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${spec.name} did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)|at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? match[2]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${spec.name} exited (${code}): ${out}`)));
  });
  return {
    child,
    port,
    // VmHWM is the kernel's own high-water mark of the resident set: no sample can miss the peak, and none is
    // taken. Reading /proc/<pid>/status every 25 ms while the server worked was measured to slow it: about
    // 10 ms on a 60 ms PROPFIND of 10,000 files.
    peakRss: () => readStatus(child.pid, 'VmHWM'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * CPU time a process has used so far (user + system, all its threads), in milliseconds, from /proc/<pid>/stat
 * (fields 14 and 15, in clock ticks of 10 ms on Linux); undefined where /proc is not available.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** A field of /proc/<pid>/status in bytes (0 where /proc is not available). */
function readStatus(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const EMPTY: Buffer = Buffer.alloc(0);
const RESPONSE_END = Buffer.from('response>');

/**
 * Whether the `response>` at `at` ends an end tag, `</response>` or `</prefix:response>`. The client scans the
 * bytes as they come (Buffer#indexOf) rather than decoding each 6.5 MB response and matching it with a regular
 * expression: on a two-core machine the client's work competes with the server's (measured: the regular
 * expression added about 3% to a 10,000-file request, the scan about half that).
 */
function isEndTag(data: Buffer, at: number): boolean {
  let i = at - 1;
  if (data[i] === 0x3a /* : */) {
    i--;
    // A prefix: letters, digits, '_', '-', '.'.
    while (i >= 0 && /[\w.-]/.test(String.fromCharCode(data[i] as number))) i--;
  }
  return data[i] === 0x2f /* / */ && data[i - 1] === 0x3c /* < */;
}

/** One PROPFIND, timed to the last byte; the body is counted, not kept. */
function propfind(
  port: number,
  path: string,
  depth: string,
): Promise<{ ms: number; bytes: number; status: number; responses: number }> {
  return new Promise((resolve, reject) => {
    const begin = process.hrtime.bigint();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'PROPFIND',
        agent,
        headers: { Depth: depth, 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': ALLPROP.length },
      },
      (res) => {
        let bytes = 0;
        let responses = 0;
        let carry: Buffer = EMPTY;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          // Count </D:response> (any prefix) to check that every server listed every resource.
          const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
          let end = 0;
          for (let at = data.indexOf(RESPONSE_END); at !== -1; at = data.indexOf(RESPONSE_END, end)) {
            if (isEndTag(data, at)) responses++;
            end = at + RESPONSE_END.length;
          }
          // A tag cut in two by the chunk boundary is found in the next chunk; nothing is counted twice.
          carry = data.subarray(Math.max(end, data.length - 64));
        });
        res.on('end', () =>
          resolve({
            ms: Number(process.hrtime.bigint() - begin) / 1e6,
            bytes,
            status: res.statusCode ?? 0,
            responses,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(ALLPROP);
  });
}

const t0 = Date.now();
const progress = (what: string) =>
  process.stderr.write(`propfind bench: ${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

interface Result {
  name: string;
  median?: number;
  runs?: number;
  bytes?: number;
  rss?: number;
  /** CPU time (all threads of the server process) per timed request, ms. */
  cpu?: number;
  rps?: number;
  note?: string;
}

/**
 * Measures servers side by side: all are started and warmed up, then the timed requests go to each in turn,
 * round after round, so a burst of load from elsewhere on a shared machine falls on every one of them alike
 * rather than on whichever was being measured at the time. Throughput runs follow, one server at a time.
 */
async function measure(specs: ServerSpec[], root: string): Promise<Result[]> {
  const results = new Map<ServerSpec, Result>();
  const live: Array<{ spec: ServerSpec; server: Running; times: number[]; bytes: number; cpu: number }> = [];
  try {
    for (const spec of specs) {
      try {
        const server = await start(spec, root);
        live.push({ spec, server, times: [], bytes: 0, cpu: 0 });
        const warm = await propfind(server.port, '/big/', '1');
        if (warm.status !== 207) results.set(spec, { name: spec.name, note: `answered ${warm.status} to PROPFIND` });
        else if (warm.responses !== BIG + 1) {
          results.set(spec, { name: spec.name, note: `listed ${warm.responses} resources, not ${BIG + 1}` });
        }
      } catch (err) {
        results.set(spec, { name: spec.name, note: `could not be measured: ${(err as Error).message.split('\n')[0]}` });
      }
    }
    const timed = live.filter(({ spec }) => !results.has(spec));
    const deadline = Date.now() + BUDGET_S * 1000;
    for (let round = 0; round < RUNS && Date.now() < deadline; round++) {
      for (const entry of timed) {
        const before = cpuMs(entry.server.child.pid);
        const run = await propfind(entry.server.port, '/big/', '1');
        const after = cpuMs(entry.server.child.pid);
        entry.times.push(run.ms);
        entry.bytes = run.bytes;
        if (before !== undefined && after !== undefined) entry.cpu += after - before;
      }
    }
    for (const { spec, server, times, bytes, cpu } of timed) {
      // The target is about this workload: read the peak before the throughput run adds its own load.
      const rss = server.peakRss();
      const cannon = await autocannon({
        url: `http://127.0.0.1:${server.port}/small/`,
        method: 'PROPFIND',
        headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
        body: ALLPROP,
        connections: 10,
        duration: 4,
      });
      const rps = cannon.non2xx > 0 || cannon.errors > 0 ? undefined : cannon.requests.average;
      results.set(spec, {
        name: spec.name,
        median: median(times),
        runs: times.length,
        bytes,
        rss,
        ...(cpu > 0 ? { cpu: cpu / times.length } : {}),
        ...(rps === undefined
          ? { note: `throughput run had ${cannon.non2xx} non-2xx, ${cannon.errors} errors` }
          : { rps }),
      });
    }
  } finally {
    for (const { server } of live) await server.stop();
  }
  return specs.map((spec) => results.get(spec) ?? { name: spec.name, note: 'could not be measured' });
}

async function walk(
  root: string,
  resources: number,
): Promise<{ ms: number; bytes: number; rss: number; idle: number }> {
  const server = await start(ours({ WEBDAV_INFINITE_DEPTH: '1' }), root);
  try {
    await propfind(server.port, '/small/', '1');
    const idle = readStatus(server.child.pid, 'VmRSS');
    const run = await propfind(server.port, '/', 'infinity');
    if (run.status !== 207) throw new Error(`walk over ${resources} answered ${run.status}`);
    if (run.responses !== resources) throw new Error(`walk listed ${run.responses} resources, not ${resources}`);
    return { ...run, rss: server.peakRss(), idle };
  } finally {
    await server.stop();
  }
}

function makeTree(): { base: string; bigRoot: string; walkRoot: string; smallWalkRoot: string } {
  const base = mkdtempSync(join(tmpdir(), 'propfind-bench-'));
  const bigRoot = join(base, 'flat');
  const content = 'x'.repeat(100);
  mkdirSync(join(bigRoot, 'big'), { recursive: true });
  mkdirSync(join(bigRoot, 'small'));
  for (let i = 0; i < BIG; i++) writeFileSync(join(bigRoot, 'big', `file-${String(i).padStart(5, '0')}.txt`), content);
  for (let i = 0; i < SMALL; i++) writeFileSync(join(bigRoot, 'small', `file-${i}.txt`), content);
  // The root, small/ (kept empty, to warm up on), 50 collections of 1,000 files: 50,052 resources.
  const tree = (root: string, dirs: number, files: number) => {
    mkdirSync(join(root, 'small'), { recursive: true });
    for (let d = 0; d < dirs; d++) {
      const dir = join(root, `dir-${d}`);
      mkdirSync(dir);
      for (let f = 0; f < files; f++) writeFileSync(join(dir, `f-${f}.txt`), content);
    }
  };
  const walkRoot = join(base, 'walk');
  const smallWalkRoot = join(base, 'walk-small');
  tree(walkRoot, 50, 1000);
  tree(smallWalkRoot, 5, 1000);
  return { base, bigRoot, walkRoot, smallWalkRoot };
}

async function main() {
  progress('creating files');
  const { base, bigRoot, walkRoot, smallWalkRoot } = makeTree();
  try {
    ourBundle = bundleOurs(base);
    const results: Result[] = [];
    const tuned = oursAsStarted();
    const competitors = process.env.PROPFIND_BENCH_ONLY === 'ours' ? [] : COMPETITORS;
    // Our two configurations side by side (their requests alternate); each npm server on its own, as they
    // take seconds per request and have a time budget.
    progress('multistatus example, node defaults and start script flags');
    results.push(...(await measure([ours(), ...(tuned ? [tuned] : [])], bigRoot)));
    for (const spec of competitors) {
      progress(spec.name);
      results.push(...(await measure([spec], bigRoot)));
    }
    progress('Depth: infinity walks');
    const big = await walk(walkRoot, WALK_BIG);
    const small = await walk(smallWalkRoot, WALK_SMALL);
    progress('done');
    report(results, big, small);
  } finally {
    agent.destroy();
    rmSync(base, { recursive: true, force: true });
  }
}

function report(
  results: Result[],
  big: Awaited<ReturnType<typeof walk>>,
  small: Awaited<ReturnType<typeof walk>>,
): void {
  const mine = results[0];
  const tunedRow = results.find((r) => r !== mine && r.name.startsWith('multistatus'));
  const lines: string[] = [];
  lines.push('## HTTP PROPFIND: examples/webdav-server against WebDAV servers from npm', '');
  lines.push(
    `PROPFIND \`Depth: 1\`, allprop, on a collection of ${BIG.toLocaleString('en')} files on disk (each server in its own`,
    'process, serving the same directory): median latency to the last byte over sequential requests on one',
    'keep-alive connection (our two configurations alternating request by request), response size, and the',
    'peak RSS of the server process (Linux VmHWM), and the CPU time the server process used per request (all',
    'its threads, user and system). Throughput:',
    `autocannon, 10 connections, 4 s, PROPFIND Depth 1 allprop on a collection of ${SMALL} files.`,
    '',
    '| server | median, 10,000 files | runs | CPU per request | response | peak RSS | small collection |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.median === undefined ? '—' : ms(r.median)} | ${r.runs ?? '—'} | ${r.cpu === undefined ? '—' : ms(r.cpu)} | ${r.bytes === undefined ? '—' : mb(r.bytes)} | ${r.rss ? mb(r.rss) : '—'} | ${r.rps === undefined ? '—' : `${Math.round(r.rps).toLocaleString('en')} req/s`} |`,
    );
  }
  lines.push('');
  if (mine?.median !== undefined) {
    for (const other of results.slice(1)) {
      if (other.median !== undefined && !other.name.startsWith('multistatus')) {
        lines.push(
          `- ${other.name} takes ${(other.median / mine.median).toFixed(1)}× as long as ours, with ${((other.rss ?? 0) / (mine.rss || 1)).toFixed(1)}× its peak memory.`,
        );
      }
    }
    lines.push(
      `- Against the figures measured for the issue on this workload: Apache mod_dav 221 ms (ours ${(221 / mine.median).toFixed(2)}× its speed; target > 1), nginx dav-ext 32 ms (ours takes ${(mine.median / 32).toFixed(2)}× as long; target ≤ 2), peak RSS target < 100 MB (ours ${mine.rss ? mb(mine.rss) : 'not measured'} with node's defaults${tunedRow?.rss ? `, ${mb(tunedRow.rss)} with its start script's flags` : ''}).`,
    );
  }
  for (const r of results) if (r.note) lines.push(`- ${r.name}: ${r.note}.`);
  for (const r of results) {
    if (r.runs !== undefined && r.runs < RUNS) {
      lines.push(
        `- ${r.name}: ${r.runs} runs, not ${RUNS}: each takes long enough that ${BUDGET_S} s of budget ran out.`,
      );
    }
  }
  lines.push(
    '',
    '```mermaid',
    'xychart-beta',
    '  title "PROPFIND Depth 1 allprop, 10,000 files: median latency (ms)"',
    `  x-axis [${results
      .filter((r) => r.median !== undefined)
      .map((r) => `"${r.name}"`)
      .join(', ')}]`,
    '  y-axis "ms"',
    `  bar [${results
      .filter((r) => r.median !== undefined)
      .map((r) => Math.round(r.median as number))
      .join(', ')}]`,
    '```',
    '',
    'Depth: infinity (enabled with `allowInfiniteDepth`), allprop, ours only, each walk in a fresh process:',
    '',
    '| walk | time | response | RSS before | peak RSS |',
    '|---|---:|---:|---:|---:|',
    `| ${WALK_SMALL.toLocaleString('en')} resources | ${ms(small.ms)} | ${mb(small.bytes)} | ${mb(small.idle)} | ${mb(small.rss)} |`,
    `| ${WALK_BIG.toLocaleString('en')} resources | ${ms(big.ms)} | ${mb(big.bytes)} | ${mb(big.idle)} | ${mb(big.rss)} |`,
    '',
    `Ten times the resources cost ${mb(Math.max(0, big.rss - small.rss))} more peak memory: the listing is streamed as it is`,
    'produced (with backpressure), never held whole.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
