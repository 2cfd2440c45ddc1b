import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The shape of the code as ARCHITECTURE.md draws it, checked from the import statements themselves
 * (type-only imports count too: a type cycle is a tangle a reader has to hold in their head as well).
 * - A module is used by other modules only through its index.ts, and no modules import each other in a
 *   circle.
 * - In a module laid out in sub-folders, each sub-folder imports only itself and the sub-folders below it;
 *   the module's top (its role files) may import any of them, and no sub-folder imports the top.
 * - Inside such a module no files import each other in a circle.
 * Test files may import what they need to drive and check what they test (the engine's tests use the
 * built-in centres; the simulator's statistical tests use planning's Erlang formulas as the oracle), so
 * only the index.ts rule applies to them.
 */

const MODULES = resolve(import.meta.dirname, '../src/modules');

/** Sub-folders bottom-up: each may import those before it. */
const LAYERS: Record<string, string[]> = {
  'contact-centre': ['engine', 'config', 'simulation', 'live'],
  planning: ['maths', 'plan', 'whatif'],
  booking: ['rules', 'agendas', 'slots', 'appointments', 'protection'],
  messaging: ['rules', 'port', 'adapters'],
  outreach: ['rules'],
  reoffer: ['rules'],
  reporting: ['indicators', 'rules', 'documents', 'wallboard', 'facts', 'figures', 'contacts', 'reports'],
  campaigns: ['rules'],
  payments: ['rules', 'port', 'adapters', 'documents'],
  portal: ['rules', 'documents', 'adapters', 'bookings', 'personal', 'kiosk', 'ratings'],
  telephony: ['port', 'simulated', 'asterisk', 'audio'],
  helpdesk: ['rules', 'mail', 'tickets', 'intake'],
  identity: ['rules', 'sessions', 'throttle', 'users', 'sso'],
  chat: ['rules', 'adapters'],
  groups: ['rules'],
  'national-feed': ['rules', 'adapters'],
  registry: ['rules'],
};

/** CODE_STYLE 2's "about 15 files": role files and index.ts at a module's top, tests not counted. */
const MAX_TOP_FILES = 15;

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) specifiers.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

const isTest = (file: string) => file.endsWith('.test.ts');
/** 'contact-centre/engine/core.ts' → ['contact-centre', 'engine/core.ts'] */
const place = (file: string) => {
  const [module, ...rest] = relative(MODULES, file).split(sep);
  return { module: module!, path: rest.join('/') };
};

const files = sourceFiles(MODULES);
const edges: Edge[] = files.flatMap((from) =>
  importsOf(from)
    .filter((to) => to.startsWith(MODULES + sep))
    .map((to) => ({ from, to })),
);

/** Strongly connected components with more than one node (Tarjan). */
function cycles(nodes: string[], next: (n: string) => string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);
  return found;
}

const show = (file: string) => relative(MODULES, file).split(sep).join('/');

describe('module layout (issue 10 §2)', () => {
  it('finds the imports it checks', () => {
    // Guards the checker itself: a parser that saw nothing would pass every rule below.
    expect(files.length).toBeGreaterThan(100);
    const engine = join(MODULES, 'contact-centre/engine/engine.ts');
    expect(edges.some((e) => e.from === engine && show(e.to) === 'contact-centre/engine/core.ts')).toBe(true);
  });

  it('reaches another module only through its index.ts', () => {
    const bad = edges.filter((e) => {
      const a = place(e.from);
      const b = place(e.to);
      return a.module !== b.module && b.path !== 'index.ts';
    });
    expect(bad.map((e) => `${show(e.from)} → ${show(e.to)}`)).toEqual([]);
  });

  it('keeps at most 15 source files at the top of a module, and declares the layers of any with sub-folders', () => {
    // CODE_STYLE 2: a module past about 15 files is given sub-folders that say what they are.
    const modules = readdirSync(MODULES).filter((m) => statSync(join(MODULES, m)).isDirectory());
    const crowded = modules.flatMap((m) => {
      const top = files.filter((f) => place(f).module === m && !place(f).path.includes('/') && !isTest(f));
      return top.length > MAX_TOP_FILES ? [`${m}: ${top.length}`] : [];
    });
    expect(crowded).toEqual([]);
    const undeclared = modules.filter(
      (m) =>
        !(m in LAYERS) &&
        readdirSync(join(MODULES, m)).some((n) => statSync(join(MODULES, m, n)).isDirectory()),
    );
    expect(undeclared).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const deps = new Map<string, Set<string>>();
    for (const e of edges) {
      if (isTest(e.from)) continue;
      const a = place(e.from).module;
      const b = place(e.to).module;
      if (a === b) continue;
      if (!deps.has(a)) deps.set(a, new Set());
      deps.get(a)!.add(b);
    }
    expect(cycles([...deps.keys()], (m) => [...(deps.get(m) ?? [])])).toEqual([]);
  });

  describe.each(Object.entries(LAYERS))('%s', (module, layers) => {
    const rank = (path: string) => {
      const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : null;
      if (folder === null) return Number.POSITIVE_INFINITY; // the module's top: role files and index.ts
      const r = layers.indexOf(folder);
      if (r < 0) throw new Error(`${module}/${path}: sub-folder ${folder} is not in the declared layers`);
      return r;
    };
    const own = files.filter((f) => place(f).module === module && !isTest(f));
    const internal = edges.filter(
      (e) => !isTest(e.from) && place(e.from).module === module && place(e.to).module === module,
    );

    it('keeps every source file in a declared sub-folder or at the top', () => {
      for (const f of own) expect(() => rank(place(f).path)).not.toThrow();
    });

    it('imports only downwards between its sub-folders', () => {
      const upward = internal.filter((e) => rank(place(e.to).path) > rank(place(e.from).path));
      expect(upward.map((e) => `${show(e.from)} → ${show(e.to)}`)).toEqual([]);
    });

    it('has no circle of files importing each other', () => {
      const next = (f: string) => internal.filter((e) => e.from === f).map((e) => e.to);
      expect(cycles(own, next).map((c) => c.map(show))).toEqual([]);
    });
  });
});
