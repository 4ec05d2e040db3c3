/** Property-based request generation and contract properties. */

export {
  arbitraryFor,
  arbitraryInvalid,
  schemaArbitraries,
  UnsatisfiableSchemaError,
  type ArbitraryOptions,
  type InvalidKeyword,
  type InvalidValue,
  type JsonSchema,
  type SchemaArbitraries,
  type SchemaDefs,
  type SchemaView,
} from "./arbitrary.js";
export {
  PROPERTY_NAMES,
  runProperties,
  type CredentialHeaders,
  type GeneratedRequest,
  type PropertyBody,
  type PropertyFailure,
  type PropertyName,
  type PropertyOperation,
  type PropertyParameter,
  type PropertyReplay,
  type PropertyReport,
  type PropertyResponse,
  type PropertyResult,
  type RunPropertiesOptions,
  type SecurityRequirement,
} from "./run-properties.js";
export { arbitraryRequests, validRequests, type RequestOptions } from "./request-arbitrary.js";
export { schemaValidator, type SchemaValidator } from "./schema-validator.js";
