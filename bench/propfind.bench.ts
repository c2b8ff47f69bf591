// HTTP PROPFIND against examples/webdav-server on its filesystem store, next to the same workload on nginx with
// the dav-ext module and on Apache httpd with mod_dav (the references issue #5 names) when they are installed,
// and on the `webdav-server` (v2) and `nephele` npm packages, all serving the same directory. Every server runs
// in its own process tree, so its peak RSS is its own (/proc/<pid>/status VmHWM, summed over the tree).
//
// Workloads:
//   1. PROPFIND Depth: 1, allprop, on a collection of 10,000 files: median of up to 20 requests (one at a time,
//      after a warm-up), response bytes, properties per file response, peak RSS. Slow servers get fewer runs
//      within a time budget (stated). Our server runs twice (node's defaults, and the start script's V8 flags:
//      the targets are judged on the latter, the way the example is served, and the verdict gives both),
//      side by side with nginx and Apache, the requests alternating between them, so load from elsewhere on a
//      shared machine does not favour any. Each server's CPU time per request (all threads of all its
//      processes) is read from /proc/<pid>/stat around each request. The npm servers take seconds per request
//      and are measured one at a time after that.
//   2. Throughput on a small collection (20 files) with autocannon: 10 connections for a few seconds.
//   3. Our server only, with Depth: infinity enabled: a walk over 50,000 resources, and the same walk over
//      5,000, each in a fresh process, to show that peak memory does not grow with the size of the listing.
//
// nginx and Apache are looked up on PATH and in the usual sbin folders (`nginx`; `apache2` or `httpd`), each
// started in the foreground with a config file generated into the bench's temp folder (no system config is
// read or touched) on a free loopback port. Where one is absent (or lacks its WebDAV module) the output says it
// was not measured, and the verdict falls back to the figures quoted in the issue (nginx 32 ms, Apache 221 ms).
// Debian: `apt-get install nginx libnginx-mod-http-dav-ext apache2`. nginx runs 1 worker process and Apache
// 1 child process (event MPM, 25 threads): the bench machine has 2 cores and the client needs one of them,
// and a sequential run on one keep-alive connection is served by one worker anyway (`worker_processes auto`
// would add a worker's memory and nothing to the latency).
//
// PROPFIND_BENCH_ONLY=ours runs our server's rows and walks, plus nginx and Apache when present (they take
// milliseconds), but not the npm servers (a minute instead of several), for quick iterations; its output is
// not meant for docs/benchmarks.md.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';

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
  /** The program to run: this node unless given. */
  command?: string;
  /**
   * Its arguments. A function for servers told their port in a config file (nginx, Apache) rather than printing
   * the one they got: the bench picks a free port, and waits until the server accepts connections on it.
   */
  args: string[] | ((root: string, port: number) => string[]);
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
 * The V8 flags the example's start script passes to node (heap sizing such as `--max-semi-space-size=…`, and
 * the garbage collector's `--no-…` switches), read from its package.json so the bench measures what
 * `pnpm start` runs. Our server is measured both as its start script runs it (the configuration the targets
 * are judged on: it is how the example is served) and with node's defaults, and the verdict gives both, so the
 * flags' effect is shown, not folded in.
 */
function startScriptFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(repo, 'examples/webdav-server/package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  return (manifest.scripts?.start ?? '')
    .split(/\s+/)
    .filter((token) => /^--(max-[a-z-]+-size=\d+|no-[a-z-]+)$/.test(token));
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

/** A native server the bench looks for: its spec when found, else why it is not measured. */
type Native = { spec: ServerSpec } | { skipped: string };

/** An executable of that name on PATH or in the sbin folders (often off a non-root PATH), else undefined. */
function findBinary(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const name of names) {
    for (const dir of dirs) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {}
    }
  }
  return undefined;
}

/** What the program prints for these arguments, on stdout and stderr together (nginx -V writes to stderr). */
function output(command: string, args: string[]): string {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return `${run.stdout ?? ''}${run.stderr ?? ''}`;
}

/**
 * The account nginx's and Apache's workers switch to when the bench runs as root (Apache refuses to serve as
 * root): `nobody`, from /etc/passwd and /etc/group. The served directory is made readable to it.
 */
function unprivileged(): { user: string; uid: number; gid: number; group: string } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('nobody:'));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    const group = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find((fields) => fields[2] === gid)?.[0];
    return group ? { user: 'nobody', uid: Number(uid), gid: Number(gid), group } : undefined;
  } catch {
    return undefined;
  }
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The first of these files that exists. */
const firstExisting = (files: string[]) => files.find((file) => existsSync(file));

/**
 * nginx with the dav-ext module (PROPFIND and OPTIONS; the stock dav module does PUT, DELETE, MKCOL, COPY, MOVE),
 * 1 worker process, no access log (ours keeps none either), all its paths in `dir`.
 */
function nginx(dir: string): Native {
  const binary = findBinary(['nginx']);
  if (!binary) return { skipped: 'no `nginx` on PATH or in /usr/sbin' };
  const built = output(binary, ['-V']);
  const version = /nginx\/([\d.]+)/.exec(built)?.[1] ?? '?';
  // dav-ext is either built in (--add-module=…dav-ext…) or a dynamic module to load from the modules folder.
  const builtIn = /--add-module=\S*dav[-_]ext/.test(built);
  const modulesPath = /--modules-path=(\S+)/.exec(built)?.[1];
  const prefix = /--prefix=(\S+)/.exec(built)?.[1];
  const so = builtIn
    ? undefined
    : firstExisting(
        [
          modulesPath,
          prefix && join(prefix, 'modules'),
          join(dirname(binary), '../lib/nginx/modules'),
          join(dirname(binary), '../lib64/nginx/modules'),
        ]
          .filter((folder): folder is string => Boolean(folder))
          .map((folder) => join(folder, 'ngx_http_dav_ext_module.so')),
      );
  if (!builtIn && !so) return { skipped: `nginx ${version} found, but not its dav-ext module` };
  const account = asRoot ? unprivileged() : undefined;
  if (asRoot && !account) return { skipped: 'running as root and no `nobody` account for the workers' };
  return {
    spec: {
      name: `nginx ${version} + dav-ext`,
      command: binary,
      args: (root, port) => {
        mkdirSync(dir, { recursive: true });
        const conf = join(dir, 'nginx.conf');
        writeFileSync(
          conf,
          [
            ...(so ? [`load_module ${so};`] : []),
            ...(account ? [`user ${account.user} ${account.group};`] : []),
            'worker_processes 1;',
            `pid ${join(dir, 'nginx.pid')};`,
            `error_log ${join(dir, 'error.log')} warn;`,
            'events { worker_connections 1024; }',
            'http {',
            '  access_log off;',
            // The build's temp folders lie outside the bench's folder; nginx creates them at start.
            ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
              (kind) => `  ${kind}_temp_path ${join(dir, `${kind}_temp`)};`,
            ),
            '  keepalive_requests 100000;',
            '  server {',
            `    listen 127.0.0.1:${port};`,
            `    root ${root};`,
            '    location / {',
            '      dav_methods PUT DELETE MKCOL COPY MOVE;',
            '      dav_ext_methods PROPFIND OPTIONS;',
            '    }',
            '  }',
            '}',
            '',
          ].join('\n'),
        );
        return ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), '-g', 'daemon off;'];
      },
    },
  };
}

/**
 * Apache httpd with mod_dav and mod_dav_fs in the foreground: event MPM with 1 child process of 25 threads, no
 * access log, all its paths in `dir`. Modules are loaded from the folder next to the binary that holds
 * mod_dav_fs.so, except those built in (`-l`).
 */
function apache(dir: string): Native {
  const binary = findBinary(['apache2', 'httpd']);
  if (!binary) return { skipped: 'no `apache2` or `httpd` on PATH or in /usr/sbin' };
  const version = /Apache\/([\d.]+)/.exec(output(binary, ['-v']))?.[1] ?? '?';
  const builtIn = output(binary, ['-l']);
  const modules = [
    '../lib/apache2/modules',
    '../lib64/httpd/modules',
    '../lib/httpd/modules',
    '../libexec/apache2',
    '../modules',
  ]
    .map((folder) => join(dirname(binary), folder))
    .find((folder) => existsSync(join(folder, 'mod_dav_fs.so')));
  if (!modules) return { skipped: `Apache ${version} found, but not mod_dav_fs.so next to it` };
  const account = asRoot ? unprivileged() : undefined;
  if (asRoot && !account) return { skipped: 'running as root and no `nobody` account for its child process' };
  const load = (name: string) =>
    builtIn.includes(`mod_${name}.c`) ? [] : [`LoadModule ${name}_module ${join(modules, `mod_${name}.so`)}`];
  // A build with its MPM built in lists it as event.c, worker.c or prefork.c; a second one would not start.
  const mpm = /\b(event|worker|prefork)\.c\b/.test(builtIn) ? [] : load('mpm_event');
  return {
    spec: {
      name: `Apache ${version} mod_dav`,
      command: binary,
      args: (root, port) => {
        mkdirSync(dir, { recursive: true });
        // mod_dav_fs keeps its database of locks (RFC 4918 §6) here; the child process writes it, as `nobody` if root.
        if (account) chownSync(dir, account.uid, account.gid);
        // getcontenttype comes from mod_mime; a types file of our own keeps the system's unread.
        writeFileSync(join(dir, 'mime.types'), 'text/plain txt\n');
        const conf = join(dir, 'httpd.conf');
        writeFileSync(
          conf,
          [
            `ServerRoot "${dir}"`,
            'ServerName 127.0.0.1',
            `Listen 127.0.0.1:${port}`,
            `PidFile "${join(dir, 'httpd.pid')}"`,
            `ErrorLog "${join(dir, 'error.log')}"`,
            'LogLevel warn',
            `DefaultRuntimeDir "${dir}"`,
            ...mpm,
            ...load('unixd'),
            ...load('authz_core'),
            ...load('mime'),
            ...load('dav'),
            ...load('dav_fs'),
            ...(account ? [`User #${account.uid}`, `Group #${account.gid}`] : []),
            '<IfModule mpm_event_module>',
            '  StartServers 1',
            '  ServerLimit 1',
            '  ThreadsPerChild 25',
            '  MaxRequestWorkers 25',
            '  MinSpareThreads 1',
            '  MaxSpareThreads 25',
            '</IfModule>',
            'KeepAlive On',
            'MaxKeepAliveRequests 0',
            'KeepAliveTimeout 60',
            `TypesConfig "${join(dir, 'mime.types')}"`,
            `DavLockDB "${join(dir, 'DavLock')}"`,
            `DocumentRoot "${root}"`,
            `<Directory "${root}">`,
            '  Dav On',
            '  Require all granted',
            '</Directory>',
            '',
          ].join('\n'),
        );
        return ['-f', conf, '-DFOREGROUND'];
      },
    },
  };
}

interface Running {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
  /** The server's processes: its own and its descendants' (nginx's workers, Apache's child). */
  tree(): number[];
  peakRss(): number;
}

/** A loopback port nothing listens on right now: the kernel's pick for port 0, released at once. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once a TCP connection to the port succeeds; nginx and Apache print nothing when ready. */
async function accepting(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on port ${port} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function start(spec: ServerSpec, root: string): Promise<Running> {
  const given = typeof spec.args === 'function' ? await freePort() : undefined;
  const args = typeof spec.args === 'function' ? spec.args(root, given as number) : spec.args;
  const child = spawn(spec.command ?? process.execPath, args, {
    cwd: repo,
    env: { ...process.env, ROOT: root, WEBDAV_ROOT: root, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name} did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = given === undefined ? /LISTENING (\d+)|at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out) : null;
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? match[2]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => reject(err));
    child.once('exit', (code) => reject(new Error(`${spec.name} exited (${code}): ${out}`)));
    if (given !== undefined) {
      accepting(given, child, 20_000).then(
        () => {
          clearTimeout(timer);
          resolve(given);
        },
        (err: Error) => reject(new Error(`${spec.name} ${err.message}: ${out}`)),
      );
    }
  });
  const tree = () => processTree(child.pid);
  return {
    child,
    port,
    tree,
    // VmHWM is the kernel's own high-water mark of the resident set: no sample can miss the peak, and none is
    // taken. Reading /proc/<pid>/status every 25 ms while the server worked was measured to slow it: about
    // 10 ms on a 60 ms PROPFIND of 10,000 files. For a tree, the sum over its processes (pages they share,
    // such as nginx's or Apache's code, count once per process, so the sum overstates a little).
    peakRss: () => tree().reduce((sum, pid) => sum + readStatus(pid, 'VmHWM'), 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // nginx and Apache stop their workers on SIGTERM before exiting; a stuck one is killed with its tree.
        const pids = tree();
        const timer = setTimeout(() => {
          for (const pid of pids) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {}
          }
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A process and all its descendants, from the parent pid (field 4) of every /proc/<pid>/stat; [pid] without /proc. */
function processTree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [pid];
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {}
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
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

/** CPU time used so far by all the processes listed (a server's tree); undefined if any cannot be read. */
function treeCpuMs(pids: number[]): number | undefined {
  let sum = 0;
  for (const pid of pids) {
    const used = cpuMs(pid);
    if (used === undefined) return undefined;
    sum += used;
  }
  return pids.length > 0 ? sum : undefined;
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

/** One PROPFIND, timed to the last byte; the body is counted, and kept only if asked (the warm-up's). */
function propfind(
  port: number,
  path: string,
  depth: string,
  keep = false,
): Promise<{ ms: number; bytes: number; status: number; responses: number; body?: Buffer }> {
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
        const kept: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) kept.push(chunk);
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
            ...(keep ? { body: Buffer.concat(kept) } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(ALLPROP);
  });
}

/**
 * The properties a server lists for a file in an allprop response: the children of `prop` in each `response`
 * after the first (the collection itself), read with a namespace-aware parser. Servers differ (nginx's dav-ext
 * returns fewer than mod_dav or ours), so the bytes and milliseconds are not for equal work; this says how
 * unequal. The count most files have, and the local names for one of them.
 */
function fileProperties(body: Buffer): { count: number; names: string[] } | undefined {
  const parser = new SaxesParser({ xmlns: true });
  const stack: string[] = [];
  const files: string[][] = [];
  let current: string[] = [];
  let seen = 0;
  parser.on('opentag', (tag) => {
    const name = `{${tag.uri}}${tag.local}`;
    if (stack.at(-1) === '{DAV:}prop' && stack.at(-2) === '{DAV:}propstat') current.push(tag.local);
    if (name === '{DAV:}response') current = [];
    stack.push(name);
  });
  parser.on('closetag', () => {
    if (stack.pop() === '{DAV:}response' && seen++ > 0) files.push(current);
  });
  try {
    parser.write(body.toString('utf8')).close();
  } catch {
    return undefined;
  }
  const tally = new Map<number, string[]>();
  for (const names of files) if (!tally.has(names.length)) tally.set(names.length, names);
  const counts = files.map((names) => names.length);
  const common = [...tally.keys()].sort(
    (a, b) => counts.filter((c) => c === b).length - counts.filter((c) => c === a).length,
  )[0];
  return common === undefined ? undefined : { count: common, names: tally.get(common) ?? [] };
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
  /** CPU time (all threads of all the server's processes) per timed request, ms. */
  cpu?: number;
  /** Properties per file in the allprop response (counted in the warm-up's response). */
  props?: { count: number; names: string[] };
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
  const live: Array<{
    spec: ServerSpec;
    server: Running;
    times: number[];
    bytes: number;
    cpu: number;
    pids: number[];
    props?: Result['props'];
  }> = [];
  try {
    for (const spec of specs) {
      try {
        const server = await start(spec, root);
        const entry: (typeof live)[number] = { spec, server, times: [], bytes: 0, cpu: 0, pids: [] };
        live.push(entry);
        const warm = await propfind(server.port, '/big/', '1', true);
        // The workers are up once a request has been served; the tree is read once, not around every request.
        entry.pids = server.tree();
        if (warm.status !== 207) results.set(spec, { name: spec.name, note: `answered ${warm.status} to PROPFIND` });
        else if (warm.responses !== BIG + 1) {
          results.set(spec, { name: spec.name, note: `listed ${warm.responses} resources, not ${BIG + 1}` });
        } else if (warm.body) entry.props = fileProperties(warm.body);
      } catch (err) {
        results.set(spec, { name: spec.name, note: `could not be measured: ${(err as Error).message.split('\n')[0]}` });
      }
    }
    const timed = live.filter(({ spec }) => !results.has(spec));
    const deadline = Date.now() + BUDGET_S * 1000;
    for (let round = 0; round < RUNS && Date.now() < deadline; round++) {
      for (const entry of timed) {
        const before = treeCpuMs(entry.pids);
        const run = await propfind(entry.server.port, '/big/', '1');
        const after = treeCpuMs(entry.pids);
        entry.times.push(run.ms);
        entry.bytes = run.bytes;
        if (before !== undefined && after !== undefined) entry.cpu += after - before;
      }
    }
    for (const { spec, server, times, bytes, cpu, props } of timed) {
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
        ...(props ? { props } : {}),
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
  // mkdtemp's folder is its owner's only; as root, nginx's and Apache's workers (as `nobody`) must get through.
  if (asRoot) chmodSync(base, 0o755);
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
    const references = { nginx: nginx(join(base, 'nginx')), apache: apache(join(base, 'apache')) };
    const natives = [references.nginx, references.apache].flatMap((n) => ('spec' in n ? [n.spec] : []));
    const competitors = process.env.PROPFIND_BENCH_ONLY === 'ours' ? [] : COMPETITORS;
    // Our two configurations, nginx and Apache side by side (their requests alternate); each npm server on its
    // own, as they take seconds per request and have a time budget.
    progress(`multistatus example (node defaults, start script flags)${natives.map((n) => `, ${n.name}`).join('')}`);
    results.push(...(await measure([ours(), ...(tuned ? [tuned] : []), ...natives], bigRoot)));
    for (const spec of competitors) {
      progress(spec.name);
      results.push(...(await measure([spec], bigRoot)));
    }
    progress('Depth: infinity walks');
    const big = await walk(walkRoot, WALK_BIG);
    const small = await walk(smallWalkRoot, WALK_SMALL);
    progress('done');
    report(results, big, small, references);
  } finally {
    agent.destroy();
    rmSync(base, { recursive: true, force: true });
  }
}

/** The issue's figures for this workload, measured elsewhere: the verdict's fallback when a server is absent. */
const QUOTED = { nginx: 32, apache: 221 };

function report(
  results: Result[],
  big: Awaited<ReturnType<typeof walk>>,
  small: Awaited<ReturnType<typeof walk>>,
  references: { nginx: Native; apache: Native },
): void {
  const mine = results[0];
  const tunedRow = results.find((r) => r !== mine && r.name.startsWith('multistatus'));
  const row = (ref: Native) => ('spec' in ref ? results.find((r) => r.name === ref.spec.name) : undefined);
  // Why a reference has no median: not installed (or no WebDAV module), or it failed in this run.
  const absent = (ref: Native, label: string) =>
    'skipped' in ref ? `${label} was not measured (${ref.skipped})` : `${label} was not measured (${row(ref)?.note})`;
  const lines: string[] = [];
  lines.push('## HTTP PROPFIND: examples/webdav-server against nginx, Apache and WebDAV servers from npm', '');
  lines.push(
    `PROPFIND \`Depth: 1\`, allprop, on a collection of ${BIG.toLocaleString('en')} files on disk (each server in its own`,
    'process tree, serving the same directory): median latency to the last byte over sequential requests on one',
    'keep-alive connection (our two configurations, nginx and Apache alternating request by request; the npm',
    'servers one at a time after them), response size, the number of properties the server lists per file',
    '(counted in its response: allprop is not the same set everywhere), the peak RSS of the server (Linux',
    "VmHWM, summed over its processes: nginx's master and 1 worker, Apache's parent and 1 child with 25",
    'threads, event MPM; pages they share are counted in each, so those sums overstate a little), and the',
    'CPU time the server used per request (all threads of all its processes, user and system). nginx and',
    'Apache run with a generated config, no access log, on the same 2-core machine as the client. Throughput:',
    `autocannon, 10 connections, 4 s, PROPFIND Depth 1 allprop on a collection of ${SMALL} files.`,
    '',
    '| server | median, 10,000 files | runs | CPU per request | response | properties per file | peak RSS | small collection |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.median === undefined ? '—' : ms(r.median)} | ${r.runs ?? '—'} | ${r.cpu === undefined ? '—' : ms(r.cpu)} | ${r.bytes === undefined ? '—' : mb(r.bytes)} | ${r.props?.count ?? '—'} | ${r.rss ? mb(r.rss) : '—'} | ${r.rps === undefined ? '—' : `${Math.round(r.rps).toLocaleString('en')} req/s`} |`,
    );
  }
  lines.push('');
  // The targets are judged on the example as its start script serves it; node's defaults are given beside it.
  const shipped = tunedRow?.median !== undefined ? tunedRow : mine;
  if (shipped?.median !== undefined) {
    const own = shipped.median;
    const defaults = shipped !== mine && mine?.median !== undefined ? mine : undefined;
    const as = shipped === mine ? "with node's defaults" : 'as its start script runs it';
    const met = (ok: boolean) => (ok ? 'met' : 'not met');
    for (const other of results) {
      if (other.median !== undefined && !other.name.startsWith('multistatus')) {
        lines.push(
          `- ${other.name} takes ${(other.median / own).toFixed(2)}× as long as ours (${as}), with ${((other.rss ?? 0) / (shipped.rss || 1)).toFixed(2)}× its peak memory.`,
        );
      }
    }
    const nginxRow = row(references.nginx);
    const nginxMs = nginxRow?.median ?? QUOTED.nginx;
    const nginxVerdict = (median: number) =>
      `${(median / nginxMs).toFixed(2)}× (target ≤ 2: ${met(median / nginxMs <= 2)})`;
    const nginxDefaults = defaults ? `; with node's defaults, ${nginxVerdict(defaults.median as number)}` : '';
    lines.push(
      nginxRow?.median !== undefined
        ? `- Target "within 2× of nginx (dav-ext)", measured in this run: ours, ${as}, takes ${nginxRow.name}'s time ${nginxVerdict(own)}${nginxDefaults}.`
        : `- ${absent(references.nginx, 'nginx (dav-ext)')}, so the verdict uses the issue's quoted ${QUOTED.nginx} ms: ours, ${as}, takes nginx's time ${nginxVerdict(own)}${nginxDefaults}.`,
    );
    const apacheRow = row(references.apache);
    const apacheMs = apacheRow?.median ?? QUOTED.apache;
    const apacheVerdict = (median: number) =>
      `${(apacheMs / median).toFixed(2)}× (target > 1: ${met(apacheMs / median > 1)})`;
    const apacheDefaults = defaults ? `; ours with node's defaults, ${apacheVerdict(defaults.median as number)}` : '';
    lines.push(
      apacheRow?.median !== undefined
        ? `- Target "faster than Apache mod_dav", measured in this run: ${apacheRow.name} takes ours' time, ${as}, ${apacheVerdict(own)}${apacheDefaults}.`
        : `- ${absent(references.apache, 'Apache mod_dav')}, so the verdict uses the issue's quoted ${QUOTED.apache} ms: Apache takes ours' time, ${as}, ${apacheVerdict(own)}${apacheDefaults}.`,
    );
    // Beside an in-run ratio, the issue's figures are for reference; without one, the lines above used them.
    if (nginxRow?.median !== undefined || apacheRow?.median !== undefined) {
      lines.push(
        `- For reference, the figures quoted in the issue for this workload (not from this run): nginx dav-ext ${QUOTED.nginx} ms (ours, ${as}, takes ${(own / QUOTED.nginx).toFixed(2)}× as long), Apache mod_dav ${QUOTED.apache} ms (${(QUOTED.apache / own).toFixed(2)}× ours).`,
      );
    }
    const rss = (r: Result) => (r.rss ? `${mb(r.rss)} (${met(r.rss < 100 * 1024 * 1024)})` : 'not measured');
    lines.push(
      `- Peak RSS target < 100 MB: ours ${rss(shipped)} ${as}${defaults ? `, ${rss(defaults)} with node's defaults` : ''}.`,
    );
  }
  // Servers listing the same properties share one entry (our two configurations always do).
  const sets = new Map<string, string[]>();
  for (const r of results) {
    if (!r.props) continue;
    const set = `${r.props.count} (${r.props.names.join(', ')})`;
    sets.set(set, [...(sets.get(set) ?? []), r.name]);
  }
  if (sets.size > 0) {
    lines.push(
      `- Properties listed per file: ${[...sets].map(([set, names]) => `${names.join(' and ')}: ${set}`).join('; ')}.`,
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
