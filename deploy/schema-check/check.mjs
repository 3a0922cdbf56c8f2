// Checks rendered Kubernetes manifests offline against the real schemas:
//  1. validate() of the kubernetes-models class for each object's apiVersion and kind
//     (types, required fields, formats: the Kubernetes OpenAPI and the CRDs' schemas);
//  2. tsc --noEmit on the same objects written as typed literals, which also rejects
//     field names the schema does not know (validate() lets those through).
// Usage: node check.mjs MANIFEST.yaml...   Exit status 1 when any object fails.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const crdPackages = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

function modelModule(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  if (!group) return `kubernetes-models/${version}`;
  return crdPackages[group] ? `${crdPackages[group]}/${group}/${version}` : `kubernetes-models/${group}/${version}`;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs MANIFEST.yaml...");
  process.exit(2);
}

const failures = [];
const imports = new Map();
const literals = [];
let count = 0;
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = doc.toJS();
    if (object == null) continue;
    const where = `${basename(file)}: ${object.kind} ${object.metadata?.name}`;
    count++;
    let model;
    try {
      model = (await import(modelModule(object.apiVersion)))[object.kind];
    } catch {
      // no model package for this apiVersion
    }
    if (!model) {
      failures.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new model(object).validate();
      console.log(`valid   ${where} (${object.apiVersion})`);
    } catch (error) {
      failures.push(`${where}: ${error.message}`);
    }
    const alias = `I${object.kind}_${object.apiVersion.replace(/[^A-Za-z0-9]/g, "_")}`;
    imports.set(alias, `import type { I${object.kind} as ${alias} } from "${modelModule(object.apiVersion)}";`);
    literals.push(`// ${where}\nexport const object${literals.length}: ${alias} = ${JSON.stringify(object, null, 2)};`);
  }
}

// The typed check: every object as a literal of its model's interface type.
const generated = join(here, "generated");
mkdirSync(generated, { recursive: true });
writeFileSync(join(generated, "objects.ts"), [...imports.values(), "", ...literals, ""].join("\n"));
const tsc = spawnSync(join(here, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", here], { encoding: "utf8" });
if (tsc.status !== 0) {
  failures.push(`tsc --noEmit (generated/objects.ts):\n${tsc.stdout}${tsc.stderr}`);
} else {
  console.log(`typed   ${count} objects: tsc --noEmit found no unknown or mistyped field`);
}

if (failures.length > 0) {
  console.error(failures.map((failure) => `INVALID ${failure}`).join("\n"));
  console.error(`schema-check: ${failures.length} failure(s) in ${count} objects`);
  process.exit(1);
}
console.log(`schema-check: ${count} objects valid`);
