// Validators of the standards cvdhub exports, as the communities behind them
// validate: CSAF 2.0 with @secvisogram/csaf-validator-lib (schema and
// mandatory tests), the CSAF provider metadata, CVE JSON 5.1.1 and OSV with
// their published JSON schemas (ajv), read from ../shared/reference beside
// the repository (CI has shared/ there).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Ajv07 from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REFERENCE = process.env.CVDHUB_REFERENCE_DIR || join(root, '..', 'shared', 'reference');
const readJson = (rel) => JSON.parse(readFileSync(join(REFERENCE, rel), 'utf8'));

/** The problems of an ajv validation, one line each ('' when valid). */
const problems = (validate) => (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('\n');

let compiled;
function schemas() {
  if (compiled) return compiled;
  // CVE JSON 5.1.1 and the FIRST CVSS schemas are draft-07; CSAF and OSV are 2020-12.
  const ajv07 = new Ajv07({ allErrors: true, strict: false });
  addFormats(ajv07);
  const ajv20 = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv20);
  // The FIRST CVSS schemas the CSAF schema refers to, under the URLs it uses
  // (their own ids carry a date query; v2.0 and v3.0 are draft-04).
  for (const v of ['2.0', '3.0', '3.1']) {
    const { $schema, id, $id, ...schema } = readJson(`csaf/referenced_schema/first/cvss-v${v}.json`);
    ajv20.addSchema(schema, `https://www.first.org/cvss/cvss-v${v}.json`);
  }
  ajv20.addSchema(readJson('csaf/json_schema/csaf_json_schema.json'));
  compiled = {
    cveRecord: ajv07.compile(readJson('cve/CVE_JSON_bundled_5.1.1.json')),
    cnaContainer: ajv07.compile(readJson('cve/CVE_JSON_cnaPublishedContainer_5.1.1.json')),
    osv: ajv20.compile(readJson('osv/schema.json')),
    provider: ajv20.compile(readJson('csaf/json_schema/provider_json_schema.json')),
  };
  return compiled;
}

/**
 * A CSAF 2.0 document through the CSAF validator: the strict schema test and
 * every mandatory test must pass. Returns {errors, warnings} as lines; the
 * optional tests' findings are warnings (reported, not failures).
 */
export async function validateCsaf(doc) {
  const hard = await validateStrict([csaf_2_0_strict, ...Object.values(mandatory)], doc);
  const soft = await validateStrict(Object.values(optional), doc);
  const lines = (result, kinds) => result.tests.flatMap((t) => kinds.flatMap((k) => t[k].map(
    (e) => `${t.name} ${e.instancePath} ${e.message}`)));
  return { errors: lines(hard, ['errors']), warnings: lines(soft, ['errors', 'warnings']).concat(lines(hard, ['warnings'])) };
}

/** A full CVE record (bundled schema) and its CNA container (published-container schema). */
export function validateCveRecord(record) {
  const s = schemas();
  const out = [];
  if (!s.cveRecord(record)) out.push(problems(s.cveRecord));
  if (!s.cnaContainer(record?.containers?.cna)) out.push(problems(s.cnaContainer));
  return out.join('\n');
}

export function validateOsv(record) {
  const s = schemas();
  return s.osv(record) ? '' : problems(s.osv);
}

export function validateProviderMetadata(meta) {
  const s = schemas();
  return s.provider(meta) ? '' : problems(s.provider);
}

/** Parses XML strictly (well-formed or an error naming the line); returns the parsed tree. */
export function parseXml(text) {
  const check = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (check !== true) throw new Error(`not well-formed XML: ${check.err.msg} (line ${check.err.line})`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false,
    processEntities: true, htmlEntities: false, isArray: (name) => ['item', 'entry', 'rdf:li', 'sec:references',
      'sec:cvss', 'sec:cpe', 'category', 'link'].includes(name) }).parse(text);
}
