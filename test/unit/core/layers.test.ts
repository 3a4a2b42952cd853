import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The layers, read from the source with the TypeScript compiler rather than by convention:
 * - the core (functions/core) imports only the core and plain libraries: no lib/, adapters/, handlers/, contract/,
 *   AWS SDK or Powertools package, and from node:crypto only deterministic primitives (hashes, ciphers); ids and
 *   time come through its ports (Clock, IdGenerator), never from Date.now, new Date(), Math.random or randomUUID;
 * - use-cases/ is imported only by the entry points that run a use case: handlers, and the route table, which
 *   describes a route's request with the use case's own input schema. Domain files and adapters never import it.
 */

const ROOT = resolve(__dirname, '../../..');
const CORE = 'functions/core/';
const USE_CASES = 'functions/core/use-cases/';
const MAY_IMPORT_USE_CASES = ['functions/handlers/', 'functions/contract/'];
const FORBIDDEN_PACKAGES = [/^@aws-sdk\//, /^@smithy\//, /^@aws-lambda-powertools\//, /^aws-cdk-lib/, /^constructs$/, /^aws-lambda$/];
/** Hashes and ciphers give the same answer for the same input; anything random is an id, a port's job. */
const DETERMINISTIC_CRYPTO = new Set(['createHash', 'createHmac', 'createCipheriv', 'createDecipheriv', 'hkdfSync', 'timingSafeEqual']);
/**
 * Secrets, not ids: they must come from the system's random source and no test ever needs to predict one (a
 * fake would only make them guessable). The only two, named so that a third fails here.
 */
const SECRET_SOURCES: Readonly<Record<string, readonly string[]>> = {
  // A new API key's 32 random bytes.
  'functions/core/auth/api-key.ts': ['randomBytes'],
  // The session cookie's AES-GCM nonce: never reused under one key.
  'functions/core/auth/session-token.ts': ['randomBytes'],
};
const allowedRandom = (file: string, name: string) => SECRET_SOURCES[file]?.includes(name) ?? false;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => `${folder}/${name.split(sep).join('/')}`)
    .sort();
}

interface ModuleUse {
  readonly specifier: string;
  /** Repository-relative path without extension, for a relative specifier. */
  readonly target?: string;
  readonly names: readonly string[];
  /** `import * as x` or `import x`: every export is in reach. */
  readonly whole: boolean;
}

const parsed = new Map<string, ts.SourceFile>();

function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    parsed.set(file, source);
  }
  return source;
}

function moduleUses(file: string, source: ts.SourceFile): ModuleUse[] {
  const uses: ModuleUse[] = [];
  const add = (specifier: string, names: readonly string[], whole: boolean) => {
    const target = specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep).join('/') : undefined;
    uses.push({ specifier, target, names, whole });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const names: string[] = [];
      let whole = false;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (clause?.name) whole = true;
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) whole = true;
        if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => (e.propertyName ?? e.name).text));
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        names.push(...node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text));
      } else {
        whole = true;
      }
      add(node.moduleSpecifier.text, names, whole);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0] as ts.Expression)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) add((node.arguments[0] as ts.StringLiteralLike).text, [], true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, [], true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** Reads of the clock or of randomness that bypass the ports: `Date.now()`, `new Date()`, `Math.random()`, … */
function impureCalls(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const at = (node: ts.Node) => `${node.getText(source)} (line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`;
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments ?? []).length === 0) {
      found.push(at(node));
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const call = `${node.expression.text}.${node.name.text}`;
      if (['Date.now', 'Math.random', 'performance.now'].includes(call) || node.expression.text === 'crypto') found.push(at(node));
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['randomUUID', 'randomBytes', 'randomInt'].includes(node.expression.text)) {
      found.push(at(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Layers', () => {
  const core = sourceFiles('functions/core');
  const outside = [...sourceFiles('functions'), ...sourceFiles('lib')].filter((file) => !file.startsWith(CORE));

  it('reads the whole core', () => {
    expect(core.length).toBeGreaterThan(50);
    expect(core).toContain('functions/core/ports.ts');
  });

  it('keeps the core free of lib/, adapters, handlers, the contract and AWS packages', () => {
    const leaks = core.flatMap((file) =>
      moduleUses(file, parse(file))
        .filter((use) =>
          use.target !== undefined
            ? !`${use.target}/`.startsWith(CORE)
            : FORBIDDEN_PACKAGES.some((pattern) => pattern.test(use.specifier)),
        )
        .map((use) => `${file} imports ${use.specifier}`),
    );
    expect(leaks).toEqual([]);
  });

  it('takes nothing random from node:crypto in the core but the secrets: ids come through IdGenerator', () => {
    const leaks = core.flatMap((file) =>
      moduleUses(file, parse(file))
        .filter((use) => use.specifier === 'node:crypto' || use.specifier === 'crypto')
        .filter((use) => use.whole || use.names.some((name) => !DETERMINISTIC_CRYPTO.has(name) && !allowedRandom(file, name)))
        .map((use) => `${file} imports ${use.whole ? 'all of crypto' : use.names.join(', ')} from ${use.specifier}`),
    );
    expect(leaks).toEqual([]);
  });

  it('reads time and ids in the core only through its ports', () => {
    const leaks = core.flatMap((file) =>
      impureCalls(parse(file))
        .filter((call) => !allowedRandom(file, call.replace(/\(.*$/, '')))
        .map((call) => `${file}: ${call}`),
    );
    expect(leaks).toEqual([]);
  });

  it('lets only domain code in the core import the domain: no domain file imports a use case', () => {
    const leaks = core
      .filter((file) => !file.startsWith(USE_CASES))
      .flatMap((file) =>
        moduleUses(file, parse(file))
          .filter((use) => use.target !== undefined && `${use.target}/`.startsWith(USE_CASES))
          .map((use) => `${file} imports ${use.specifier}`),
      );
    expect(leaks).toEqual([]);
  });

  it('lets only handlers and the route table import use cases', () => {
    const leaks = outside
      .filter((file) => !MAY_IMPORT_USE_CASES.some((folder) => file.startsWith(folder)))
      .flatMap((file) =>
        moduleUses(file, parse(file))
          .filter((use) => use.target !== undefined && `${use.target}/`.startsWith(USE_CASES))
          .map((use) => `${file} imports ${use.specifier}`),
      );
    expect(leaks).toEqual([]);
  });

  it('finds what it looks for (the checks above are not vacuous)', () => {
    const probe = ts.createSourceFile(
      'probe.ts',
      "import { randomUUID } from 'node:crypto';\nimport { x } from '../../../lib/resources';\nconst a = Date.now(); const b = new Date(); const c = new Date(0); Math.random();",
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    const uses = moduleUses('functions/core/files/probe.ts', probe);
    expect(uses.map((use) => use.target ?? use.specifier)).toEqual(['node:crypto', 'lib/resources']);
    expect(uses[0]?.names).toEqual(['randomUUID']);
    expect(impureCalls(probe).map((call) => call.replace(/ \(line \d+\)$/, ''))).toEqual(['Date.now', 'new Date()', 'Math.random']);
  });
});
