#!/usr/bin/env node
// The shape of the chair window's modules (ui/js), checked: `node scripts/ui-check.mjs`
// (`--graph` also prints who imports whom). Exits 1 on a violation.
//
// 1. No import cycle, and no module imports app.js (the entry point: index.html loads it).
// 2. A module's top level holds only imports, exports and declarations; app.js alone ends
//    with the calls that start the window (and screen.js, the citizen screen's own entry).
// 3. Importing any module but those two does nothing: no listener (addEventListener, the
//    shell's listen), no command, no timer, no DOM access. Checked by importing each one in
//    Node with a stand-in `window`/`document` that records what is touched.
import { readFileSync, readdirSync, mkdtempSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'ui', 'js');
const ENTRIES = new Set(['app.js', 'screen.js']);
const files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
const problems = [];

// ------------------------------------------------------------------ source without strings

/** The source with comments, strings and template literals blanked (same length and lines),
 * so that brackets and keywords can be read off it. Regex literals are rare here and are
 * treated as division; a module that trips on that can move its regex into a function. */
function blank(src) {
  let out = '';
  let i = 0;
  const stack = []; // '{' or '`${'
  while (i < src.length) {
    const c = src[i], n = src[i + 1];
    if (c === '/' && n === '/') { const j = src.indexOf('\n', i); const e = j < 0 ? src.length : j; out += ' '.repeat(e - i); i = e; continue; }
    if (c === '/' && n === '*') { const e = src.indexOf('*/', i + 2) + 2; out += src.slice(i, e).replace(/[^\n]/g, ' '); i = e; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += c + ' '.repeat(j - i - 1) + c; i = j + 1; continue;
    }
    if (c === '`' || (c === '}' && stack[stack.length - 1] === '`${')) {
      if (c === '}') stack.pop();
      let j = i + 1;
      out += c === '`' ? '`' : '}';
      for (;;) {
        if (j >= src.length) break;
        if (src[j] === '\\') { out += '  '; j += 2; continue; }
        if (src[j] === '`') { out += '`'; j += 1; break; }
        if (src[j] === '$' && src[j + 1] === '{') { out += '${'; j += 2; stack.push('`${'); break; }
        out += src[j] === '\n' ? '\n' : ' '; j += 1;
      }
      i = j; continue;
    }
    if (c === '{') stack.push('{');
    if (c === '}') stack.pop();
    out += c; i += 1;
  }
  return out;
}

// ------------------------------------------------------------------ 1. the import graph

const graph = new Map();
for (const f of files) {
  const src = readFileSync(join(dir, f), 'utf8');
  const deps = [...src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]\.\/([\w.-]+)['"]/gm)].map((m) => m[1]);
  graph.set(f, [...new Set(deps)]);
  for (const d of deps) {
    if (!files.includes(d)) problems.push(`${f} imports ./${d}, which does not exist`);
    if (d === 'app.js') problems.push(`${f} imports app.js (the entry point; use state.js, nav.js, errors.js)`);
  }
}
const state = new Map(); // undefined: new, 1: on the path, 2: done
function visit(f, path) {
  if (state.get(f) === 2) return;
  if (state.get(f) === 1) { problems.push(`import cycle: ${[...path.slice(path.indexOf(f)), f].join(' → ')}`); return; }
  state.set(f, 1);
  for (const d of graph.get(f) || []) visit(d, [...path, f]);
  state.set(f, 2);
}
for (const f of files) visit(f, []);

// ------------------------------------------------------------------ 2. top-level statements

const DECL = /^(?:import\b|export\s+(?:default\s+)?(?:async\s+function\b|function\b|const\b|let\b|class\b|\{)|export\s*\{|async\s+function\b|function\b|const\b|let\b|class\b)/;
for (const f of files) {
  if (ENTRIES.has(f)) continue;
  const src = readFileSync(join(dir, f), 'utf8');
  const original = src.split('\n');
  const lines = blank(src).split('\n');
  let depth = 0;
  let prev = '';
  lines.forEach((line, i) => {
    const t = line.trim();
    // A top-level line that is not the continuation of the statement before it.
    const continues = /^[)\]}.,?:+\-*/%&|=<>]/.test(t) || /[,(\[{=+\-*/%&|?:<>]$|=>$/.test(prev);
    if (depth === 0 && t && !continues && !DECL.test(t)) {
      problems.push(`${f}:${i + 1}: a statement at the top level (only imports, exports and declarations; start things from an init…() function): ${original[i].trim().slice(0, 70)}`);
    }
    for (const c of line) {
      if (c === '{' || c === '(' || c === '[') depth += 1;
      else if (c === '}' || c === ')' || c === ']') depth -= 1;
    }
    if (t) prev = t;
  });
}

// ------------------------------------------------------------------ 3. importing does nothing

const touched = [];
let current = '';
const record = (what) => () => { touched.push(`${current}: ${what}`); return Promise.resolve(() => {}); };
const stub = (name, allowed = {}) => new Proxy({}, {
  get(_, key) {
    if (key in allowed) return allowed[key];
    if (typeof key === 'symbol') return undefined;
    touched.push(`${current}: ${name}.${String(key)}`);
    return () => Promise.resolve(() => {});
  },
});
const tauri = { core: { invoke: record('invoke (a command)') }, event: { listen: record('listen (a shell event)') } };
globalThis.window = stub('window', { __TAURI__: tauri });
globalThis.document = stub('document');
for (const t of ['setTimeout', 'setInterval', 'requestAnimationFrame', 'addEventListener']) {
  globalThis[t] = record(t);
}
const tmp = mkdtempSync(join(tmpdir(), 'ui-check-'));
try {
  for (const f of files) copyFileSync(join(dir, f), join(tmp, f));
  writeFileSync(join(tmp, 'package.json'), '{"type": "module"}');
  // Dependencies first (each module is evaluated once, when first imported).
  const order = [];
  const seen = new Set();
  const topo = (f) => { if (seen.has(f)) return; seen.add(f); (graph.get(f) || []).forEach(topo); order.push(f); };
  files.filter((f) => !ENTRIES.has(f)).forEach(topo);
  for (const f of order) {
    current = f;
    try {
      await import(pathToFileURL(join(tmp, f)).href);
    } catch (e) {
      problems.push(`${f}: importing it failed: ${e.message}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
for (const t of new Set(touched)) problems.push(`${t.split(':')[0]} does something when imported: ${t.slice(t.indexOf(':') + 2)}`);

// ------------------------------------------------------------------ report

if (process.argv.includes('--graph')) {
  for (const [f, deps] of graph) console.log(`${f.padEnd(12)} → ${deps.join(', ') || '–'}`);
}
if (problems.length) {
  for (const p of problems) console.error('ui-check: ' + p);
  process.exit(1);
}
console.log(`ui-check: ${files.length} modules, no import cycle, nothing imports app.js, no module but the entries does anything when imported`);
