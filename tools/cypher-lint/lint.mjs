#!/usr/bin/env node
// Lint Cypher statements with Neo4j's own parser and semantic analyser
// (@neo4j-cypher/language-support, pinned in package.json).
//
// stdin:  JSON array of {"name": string, "cypher": string}
// stdout: JSON array of {"name": string, "diagnostics": [{severity, message, line, column}]}
//         in input order; line and column are 1-based; severity is "error", "warning",
//         "information" or "hint".
// Exit code: 0 whenever linting ran (diagnostics or not); non-zero only when the harness
// itself failed (bad input, package missing, analyser not working).
//
// Statements are analysed as Neo4j Cypher 5 unless they start with `CYPHER 25`.
// Parameters are not known in advance, so the package's "Parameter $x is not defined."
// errors are dropped. Labels, relationship types and property keys are not passed, so
// no "not present in the database" warnings are produced for them. Functions and
// procedures are checked against Neo4j's built-in catalogue shipped with the package
// (its mock schema, captured from a real server), minus the apoc.* and gds.* plugins:
// calling anything else (e.g. a FalkorDB-only procedure) is an error.

let isNotParamError, lintCypherQuery, testData;
try {
  ({ isNotParamError, lintCypherQuery, testData } = await import(
    '@neo4j-cypher/language-support'
  ));
} catch (err) {
  process.stderr.write(
    `cypher-lint: cannot load @neo4j-cypher/language-support (${err?.message ?? err}); ` +
      'run `npm ci --prefix tools/cypher-lint`\n',
  );
  process.exit(3);
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const PLUGIN_PREFIXES = ['apoc.', 'gds.'];

function withoutPlugins(registry) {
  return Object.fromEntries(
    Object.entries(registry ?? {}).filter(
      ([name]) => !PLUGIN_PREFIXES.some((prefix) => name.startsWith(prefix)),
    ),
  );
}

function builtinSchema() {
  const mock = testData.mockSchema;
  const functions = {};
  const procedures = {};
  for (const version of Object.keys(mock.functions)) {
    functions[version] = withoutPlugins(mock.functions[version]);
  }
  for (const version of Object.keys(mock.procedures)) {
    procedures[version] = withoutPlugins(mock.procedures[version]);
  }
  return { functions, procedures, defaultLanguage: 'CYPHER 5' };
}

const DB_SCHEMA = builtinSchema();

function lint(cypher) {
  const { diagnostics } = lintCypherQuery(cypher, DB_SCHEMA, {
    consoleCommandsEnabled: false,
  });
  return diagnostics.filter(isNotParamError).map((d) => ({
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
}

function selfCheck() {
  // The package swallows exceptions from its semantic analyser and then reports nothing;
  // make sure both the parser and the semantic analyser really report errors here.
  for (const probe of ['MATCH (n) RETRUN n', 'MATCH (n) RETURN m']) {
    if (!lint(probe).some((d) => d.severity === 'error')) {
      throw new Error(`self-check failed: no error reported for ${JSON.stringify(probe)}`);
    }
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function parseInput(text) {
  const items = JSON.parse(text);
  if (!Array.isArray(items)) throw new Error('input must be a JSON array');
  items.forEach((item, i) => {
    if (
      item === null ||
      typeof item !== 'object' ||
      typeof item.name !== 'string' ||
      typeof item.cypher !== 'string'
    ) {
      throw new Error(`input item ${i} must be {"name": string, "cypher": string}`);
    }
  });
  return items;
}

async function main() {
  const items = parseInput(await readStdin());
  selfCheck();
  // Neo4j's analyser costs tens of milliseconds a statement: lint each distinct text once.
  const cache = new Map();
  const results = items.map(({ name, cypher }) => {
    if (!cache.has(cypher)) cache.set(cypher, lint(cypher));
    return { name, diagnostics: cache.get(cypher) };
  });
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((err) => {
  process.stderr.write(`cypher-lint: ${err?.stack ?? err}\n`);
  process.exit(2);
});
