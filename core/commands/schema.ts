// `voxgate schema`: prints the config's JSON Schema as assembled from core's
// sections and the built-in plugins' own. config/gateway.schema.json is this
// output (test/unit/config-schema.test.ts keeps them equal); point an
// editor's YAML language server at it.
import { gatewaySchemaText } from '../config/load.js';

export function printSchema(out: NodeJS.WritableStream = process.stdout): void {
  out.write(gatewaySchemaText());
}
