export * from "./exchange.js";
export * from "./contract-document.js";
export { buildRequest, type Credential } from "./build-request.js";
export { Conformance, documentedStatus } from "./conformance.js";
export { credentialProvider, type CredentialConfig } from "./credentials.js";
export { describeFailure, junitReport, textReport, type TestResult } from "./report.js";
export {
  caseContext,
  findOperation,
  pointerValue,
  runCase,
  type CaseContext,
  type CaseResult,
} from "./run-case.js";
export { runCases, type SuiteOptions } from "./run-suite.js";
export { reshape, withUniqueValues } from "./unique-values.js";
export { urlTarget } from "./url-target.js";
export { startLocalService, type LocalService, type ServiceRuntime } from "./local-service.js";
export { parseArazzo } from "./arazzo/load.js";
export { runWorkflows, type WorkflowSource } from "./run-workflows.js";
export { runPropertySuite, type PropertyOptions } from "./run-property-suite.js";
