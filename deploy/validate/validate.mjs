// Offline checks of Verdict's deployment manifests: every YAML document under the given directories is
// validated against the Kubernetes API schemas (kubernetes-models, which carries them) or, for KServe's
// resources, against schemas/ written from KServe's documented fields. Nothing reaches a cluster.
//   node deploy/validate/validate.mjs [--json] DIR...      (exit 1 and one line per problem on failure)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import { Pod } from "kubernetes-models/v1";

const here = dirname(fileURLToPath(import.meta.url));
const ajv = new Ajv({ allErrors: true, strict: false });
const kserve = {
  "serving.kserve.io/v1alpha1": ajv.compile(JSON.parse(readFileSync(join(here, "schemas/servingruntime.schema.json")))),
  "serving.kserve.io/v1beta1": ajv.compile(JSON.parse(readFileSync(join(here, "schemas/inferenceservice.schema.json")))),
};

function yamlFiles(dir) {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

async function k8sModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === "monitoring.coreos.com"
    ? `@kubernetes-models/prometheus-operator/${apiVersion}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

async function check(doc) {
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return ["apiVersion and kind are required"];
  }
  if (kserve[apiVersion]) {
    const validate = kserve[apiVersion];
    const problems = validate(doc) ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
    for (const c of doc.spec?.containers ?? []) {
      try {
        new Pod({ metadata: { name: "runtime" }, spec: { containers: [c] } }).validate();
      } catch (e) {
        problems.push(`container ${c.name}: ${e.message}`);
      }
    }
    return problems;
  }
  const Model = await k8sModel(apiVersion, kind);
  if (!Model) {
    return [`no schema for ${apiVersion} ${kind}`];
  }
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

const args = process.argv.slice(2);
const asJson = args.includes("--json");
const dirs = args.filter((a) => a !== "--json");
const all = [];
let failed = 0;
for (const file of dirs.flatMap(yamlFiles)) {
  const name = relative(process.cwd(), file);
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, d] of docs.entries()) {
    if (d.errors.length) {
      console.error(`${name}: document ${i + 1}: YAML: ${d.errors[0].message.split("\n")[0]}`);
      failed++;
      continue;
    }
    const doc = d.toJS();
    if (doc == null) {
      continue;
    }
    for (const p of await check(doc)) {
      console.error(`${name}: ${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}: ${p}`);
      failed++;
    }
    all.push({ file: name, doc });
  }
}
if (failed) {
  process.exit(1);
}
console.log(asJson ? JSON.stringify(all) : `${all.length} resources valid`);
