// Parsing: parseMultiStatus and iterateMultiStatus against raw sax event throughput (xmlns: false, events only:
// the limit for any sax-based parser), fast-xml-parser (its tree, then mapped to entries) and the `webdav`
// npm client's own parse path (parseXML + prepareFileFromProps), on the PROPFIND-like document and 10× it.
// Throughput: each contender runs in a worker process of its own, kept for all the rounds; the parent alternates
// the rounds, one contender after the other, so a burst of load on the shared machine hits all of them alike.
// Each timed run starts after a forced minor GC, and the figure is a contender's fastest round, the estimate least
// disturbed by other load. Memory: each contender parses once in a fresh child process that reads the document
// from a file, and the figure is the growth of the child's peak RSS while parsing.
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Entry, PropValue } from '@multistatus/core';
import { iterateMultiStatus, parseMultiStatus, renderMultiStatus, streamMultiStatus } from '@multistatus/core';
import { XMLParser } from 'fast-xml-parser';
import type * as Sax from '../packages/core/node_modules/@types/sax/index';
import { table } from './support/measure';
import { CUSTOM_NS, propfindEntries } from './support/workloads';

// sax is a dependency of core, not of the workspace root: load core's copy.
const sax = createRequire(process.argv[1]!)('../packages/core/node_modules/sax') as typeof Sax;

type Run = (xml: string) => Promise<number>;

async function ours(xml: string): Promise<number> {
  return (await parseMultiStatus(xml)).entries.length;
}

async function oursIterate(xml: string): Promise<number> {
  let n = 0;
  for await (const _entry of iterateMultiStatus(xml)) n++;
  return n;
}

// Without position tracking, as parseMultiStatus runs sax (it finds an error's position by other means).
async function rawSax(xml: string): Promise<number> {
  const parser = sax.parser(true, { strictEntities: true, position: false, xmlns: false } as Sax.SAXOptions);
  let responses = 0;
  parser.onopentag = () => {};
  parser.onclosetag = (name: string) => {
    if (name === 'D:response') responses++;
  };
  parser.ontext = () => {};
  for (let i = 0; i < xml.length; i += 65536) parser.write(xml.slice(i, i + 65536));
  parser.close();
  return responses;
}

// fast-xml-parser builds a prefix-keyed tree; entries need namespaces resolved from the xmlns attributes.
const fxp = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (_name, jpath) => /(^|\.)[^.]*:?(response|propstat|href)$/.test(String(jpath)),
});

type Tree = Record<string, unknown>;

function declared(node: unknown, scope: Map<string, string>): Map<string, string> {
  if (node === null || typeof node !== 'object') return scope;
  let out = scope;
  for (const key of Object.keys(node)) {
    if (key === '@_xmlns' || key.startsWith('@_xmlns:')) {
      if (out === scope) out = new Map(scope);
      out.set(key === '@_xmlns' ? '' : key.slice(8), (node as Tree)[key] as string);
    }
  }
  return out;
}

function clarkOf(key: string, scope: Map<string, string>): string {
  const colon = key.indexOf(':');
  const prefix = colon === -1 ? '' : key.slice(0, colon);
  return `{${scope.get(prefix) ?? ''}}${colon === -1 ? key : key.slice(colon + 1)}`;
}

function fxpValue(value: unknown, scope: Map<string, string>): PropValue {
  if (value === '' || value === undefined) return null;
  if (typeof value !== 'object' || value === null) return String(value);
  const inner = declared(value, scope);
  const children = Object.keys(value)
    .filter((k) => !k.startsWith('@_') && k !== '#text')
    .map((k) => ({ name: clarkOf(k, inner) }));
  return children.length === 1 ? children[0]! : children;
}

function statusOf(line: unknown): number {
  return Number(/^\s*HTTP\/\S+\s+(\d{3})/.exec(String(line))?.[1]);
}

async function fastXmlParser(xml: string): Promise<number> {
  const tree = fxp.parse(xml) as Tree;
  const rootKey = Object.keys(tree).find((k) => k === 'multistatus' || k.endsWith(':multistatus'))!;
  const root = tree[rootKey] as Tree;
  const scope = declared(root, new Map());
  const dav = [...scope].find(([, uri]) => uri === 'DAV:')?.[0] ?? '';
  const p = dav === '' ? '' : `${dav}:`;
  const entries: Entry[] = [];
  for (const response of (root[`${p}response`] as Tree[]) ?? []) {
    const propstat = ((response[`${p}propstat`] as Tree[]) ?? []).map((ps) => {
      const props: Record<string, PropValue> = {};
      const prop = ps[`${p}prop`] as Tree;
      for (const key of Object.keys(prop)) {
        if (key.startsWith('@_')) continue;
        props[clarkOf(key, declared(prop[key], scope))] = fxpValue(prop[key], scope);
      }
      return { status: statusOf(ps[`${p}status`]), props };
    });
    for (const href of response[`${p}href`] as string[]) entries.push({ href, propstat });
  }
  return entries.length;
}

type WebdavModule = typeof import('webdav');
let webdav: WebdavModule;

async function webdavClient(xml: string): Promise<number> {
  // What webdav's getDirectoryContents does with a PROPFIND body once it has the text.
  const result = await webdav.parseXML(xml);
  const files = result.multistatus.response.map((item) =>
    webdav.prepareFileFromProps(item.propstat!.prop!, decodeURIComponent(item.href), true),
  );
  return files.length;
}

const CONTENDERS: Record<string, Run> = {
  'raw sax events (the limit)': rawSax,
  '**multistatus** parseMultiStatus': ours,
  '**multistatus** iterateMultiStatus': oursIterate,
  'fast-xml-parser (tree to entries)': fastXmlParser,
  'webdav client (parseXML + prepareFileFromProps)': webdavClient,
};

async function child(name: string, arg: string): Promise<void> {
  if (name === 'iterate (streamed input)') {
    // The document is produced as chunks while it is parsed: neither side ever holds it whole. The live heap is
    // sampled after a forced GC every 5,000 entries.
    global.gc?.();
    const before = process.resourceUsage().maxRSS;
    let n = 0;
    let live = 0;
    for await (const _entry of iterateMultiStatus(streamMultiStatus(lazyPropfind(Number(arg))))) {
      if (++n % 5_000 === 0) {
        global.gc?.();
        live = Math.max(live, process.memoryUsage().heapUsed);
      }
    }
    const after = process.resourceUsage().maxRSS;
    process.stdout.write(JSON.stringify({ n, before, after, live }));
    return;
  }
  webdav = await import('webdav');
  const xml = readFileSync(arg, 'utf8');
  global.gc?.();
  const before = process.resourceUsage().maxRSS;
  const n = await CONTENDERS[name]!(xml);
  const after = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ n, before, after, live: 0 }));
}

/** The entries of propfindEntries(n), made one at a time, so a streamed document never exists whole. */
function* lazyPropfind(n: number): Generator<Entry> {
  const template = propfindEntries(10);
  for (let i = 0; i < n; i++) {
    const base = template[i % 10]!;
    yield { ...base, href: `/files/report-${i}%20%26%20notes.txt` } as Entry;
  }
}

interface Memory {
  n: number;
  /** Growth of the peak RSS while parsing, MiB. */
  peak: number;
  /** Largest live heap after a forced GC (streamed runs only), MiB. */
  live: number;
}

function memory(name: string, arg: string): Memory {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', process.argv[1]!, '--child', name, arg], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`child ${name} ${arg} failed: ${run.status}`);
  const { n, before, after, live } = JSON.parse(run.stdout) as {
    n: number;
    before: number;
    after: number;
    live: number;
  };
  process.stderr.write(`parse bench: child ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return { n, peak: (after - before) / 1024, live: live / 2 ** 20 };
}

const gcHook = (globalThis as { gc?: (options?: { type: 'minor' | 'major'; execution?: 'sync' }) => void }).gc;
// A minor GC (scavenge), as in support/measure.ts: a full one before every run makes V8 drop optimised code that
// holds weak references ("weak objects" deopts), and every contender then paid for its re-optimisation each round.
const gc = gcHook && (() => gcHook({ type: 'minor', execution: 'sync' }));

/**
 * A worker: reads the document, then runs its contender once per message and answers with the time it took. Why a
 * process per contender: contenders share code (raw sax and parseMultiStatus run sax; fast-xml-parser and the webdav
 * client run fast-xml-parser with different options), and in one process the type feedback each leaves in that
 * shared code makes it polymorphic for the other, while the heap one contender grows is collected during another's
 * run. Alone in its process, each runs as it would in an application that uses only it.
 */
async function worker(name: string, file: string): Promise<void> {
  webdav = await import('webdav');
  const xml = readFileSync(file, 'utf8');
  const run = CONTENDERS[name]!;
  process.on('message', async () => {
    gc?.();
    const start = performance.now();
    const n = await run(xml);
    process.send!({ n, ms: performance.now() - start });
  });
  process.send!({ ready: true });
}

interface Answer {
  n?: number;
  ms?: number;
}

interface Worker {
  process: ChildProcess;
  /** Resolves with the worker's next message; rejects if the worker exits first. */
  next(): Promise<Answer>;
}

function startWorker(name: string, file: string): Worker {
  const child = fork(process.argv[1]!, ['--worker', name, file], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Messages wait for a reader and readers for a message, whichever comes first.
  const answers: Answer[] = [];
  const waiting: Array<{ resolve: (answer: Answer) => void; reject: (err: Error) => void }> = [];
  let exited: Error | undefined;
  child.on('message', (message) => {
    const reader = waiting.shift();
    if (reader) reader.resolve(message as Answer);
    else answers.push(message as Answer);
  });
  child.on('exit', (code) => {
    exited = new Error(`worker ${name} exited with code ${code}`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  const next = (): Promise<Answer> => {
    const answer = answers.shift();
    if (answer) return Promise.resolve(answer);
    if (exited) return Promise.reject(exited);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return { process: child, next };
}

async function throughput(file: string, responses: number, rounds: number): Promise<Map<string, number>> {
  const names = Object.keys(CONTENDERS);
  const workers = new Map(names.map((name) => [name, startWorker(name, file)]));
  try {
    for (const w of workers.values()) await w.next();
    const best = new Map<string, number>(names.map((n) => [n, Number.POSITIVE_INFINITY]));
    // Round -1 warms each contender up and checks that it read every entry; it is not timed.
    for (let r = -1; r < rounds; r++) {
      for (const name of names) {
        const w = workers.get(name)!;
        const answer = w.next();
        w.process.send('run');
        const { n, ms } = await answer;
        if (n !== responses) throw new Error(`${name} read ${n} entries, expected ${responses}`);
        if (r >= 0) best.set(name, Math.min(best.get(name)!, ms!));
      }
    }
    return best;
  } finally {
    for (const w of workers.values()) w.process.kill();
  }
}

async function main(): Promise<void> {
  const sizes = [
    { label: '10,000 responses', responses: 10_000, rounds: 16 },
    { label: '100,000 responses (10×)', responses: 100_000, rounds: 4 },
  ];
  const out: string[] = ['## Parsing (`pnpm bench parse`)', ''];
  out.push(
    'Target: `parseMultiStatus` at least 1.8× the throughput of fast-xml-parser (its tree, mapped to entries) and of',
    "the `webdav` client's parse path, on the same document; raw sax events (xmlns: false, no model) are the limit for a",
    'sax-based parser. The document: a PROPFIND answer with 6 DAV properties per response, every 10th response with a',
    `404 propstat holding a property in a custom namespace (\`${CUSTOM_NS}\`), as rendered by renderMultiStatus.`,
    'Time: the fastest of several alternating rounds, each contender in a worker process of its own, each run after a',
    'forced minor GC. Memory: growth of peak RSS while parsing, in a fresh process per contender.',
    '',
  );
  const verdicts: string[] = [];
  const files: string[] = [];
  try {
    for (const size of sizes) {
      const xml = renderMultiStatus(propfindEntries(size.responses));
      const file = join(tmpdir(), `multistatus-parse-bench-${process.pid}-${size.responses}.xml`);
      writeFileSync(file, xml);
      files.push(file);
      const mb = Buffer.byteLength(xml) / 1e6;
      const t0 = performance.now();
      const best = await throughput(file, size.responses, size.rounds);
      process.stderr.write(
        `parse bench: throughput ${size.label}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
      );
      const ourMs = best.get('**multistatus** parseMultiStatus')!;
      const rows = [...best].map(([name, ms]) => [
        name,
        ms.toFixed(0),
        (mb / (ms / 1000)).toFixed(1),
        `${(ms / ourMs).toFixed(2)}×`,
        memory(name, file).peak.toFixed(0),
      ]);
      out.push(
        `### ${size.label}: ${mb.toFixed(1)} MB`,
        '',
        table(['contender', 'fastest ms', 'MB/s', 'time vs parseMultiStatus', 'peak RSS growth MiB'], rows),
        '',
      );
      const fxpRatio = best.get('fast-xml-parser (tree to entries)')! / ourMs;
      const webdavRatio = best.get('webdav client (parseXML + prepareFileFromProps)')! / ourMs;
      const saxShare = best.get('raw sax events (the limit)')! / ourMs;
      const met = fxpRatio >= 1.8 && webdavRatio >= 1.8;
      verdicts.push(
        `- ${size.label}: parseMultiStatus runs ${fxpRatio.toFixed(2)}× fast-xml-parser and ${webdavRatio.toFixed(2)}× ` +
          `the webdav client (target 1.8×: ${met ? 'met' : 'not met'}), at ${(saxShare * 100).toFixed(0)}% of raw sax event throughput.`,
      );
    }
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
  const streamed = [10_000, 100_000, 300_000].map((n) => ({
    responses: n,
    ...memory('iterate (streamed input)', String(n)),
  }));
  out.push(
    '### iterateMultiStatus on a streamed document (produced by streamMultiStatus while it is read)',
    '',
    table(
      ['responses', 'peak RSS growth MiB', 'largest live heap after GC MiB'],
      streamed.map((s) => [s.responses.toLocaleString('en-US'), s.peak.toFixed(0), s.live.toFixed(1)]),
    ),
    '',
  );
  const first = streamed[0]!;
  const last = streamed[streamed.length - 1]!;
  const flat = last.live <= first.live * 1.5 + 2;
  verdicts.push(
    `- iterateMultiStatus: the live heap ${flat ? 'stays flat' : 'grows'} from ${first.responses.toLocaleString('en-US')} to ` +
      `${last.responses.toLocaleString('en-US')} streamed responses (${streamed.map((s) => `${s.live.toFixed(1)} MiB`).join(', ')}); ` +
      'peak RSS settles once V8 has sized its heap.',
  );
  out.push('Verdict:', '', ...verdicts, '');
  process.stdout.write(`${out.join('\n')}\n`);
}

const mode = process.argv[2];
const done =
  mode === '--child'
    ? child(process.argv[3]!, process.argv[4]!)
    : mode === '--worker'
      ? worker(process.argv[3]!, process.argv[4]!)
      : main();
done.catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
