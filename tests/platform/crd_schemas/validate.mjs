// Validates custom resources against their CRDs' own schemas: reads a JSON array of objects on
// stdin, prints a JSON array with the list of errors of each ([] when valid).
const PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor({ apiVersion, kind }) {
  const [group, version] = apiVersion.split("/");
  const pkg = PACKAGES[group];
  if (!pkg) throw new Error(`no schema for ${apiVersion} ${kind}`);
  const base = `${pkg}/${group}/${version}/${kind}`;
  for (const path of [base, `${base}.js`]) {
    try {
      return (await import(path))[kind];
    } catch (error) {
      if (error.code !== "ERR_MODULE_NOT_FOUND" && error.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
    }
  }
  throw new Error(`no schema for ${apiVersion} ${kind}`);
}

async function errorsOf(object) {
  try {
    const Model = await modelFor(object);
    new Model(object).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString());
console.log(JSON.stringify(await Promise.all(objects.map(errorsOf))));
