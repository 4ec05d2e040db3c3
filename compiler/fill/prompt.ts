/**
 * The chat messages that ask a model to fill one hole. The model writes only
 * the function's body; the file around it (imports, signature) is fixed, so
 * what it may depend on is decided here and not by the model.
 */

import { recordTypeNames } from "./contract-types.js";
import { RUNTIME_HELPERS } from "./contract-helpers.js";
import type { HoleContract, Rejection } from "./fill-types.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface RetryFeedback {
  /** The reply that was refused, as the model sent it. */
  previous: string;
  rejections: Rejection[];
}

export function buildPrompt(contract: HoleContract, feedback?: RetryFeedback): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: "system", content: systemText(contract) },
    { role: "user", content: contractText(contract) },
  ];
  if (!feedback) return messages;

  return [
    ...messages,
    { role: "assistant", content: feedback.previous },
    { role: "user", content: retryText(contract, feedback.rejections) },
  ];
}

/** The messages as one text, for logs and for estimating the prompt's size. */
export function promptText(messages: ChatMessage[]): string {
  return messages.map((m) => `## ${m.role}\n\n${m.content}`).join("\n\n");
}

/** The import lines every fill's file starts with, whatever its body uses. */
export function allowedImports(contract: HoleContract): string[] {
  const { input, result } = signatureTypes(contract);
  const records = recordTypeNames(contract.types);

  return [
    `import { ${RUNTIME_HELPERS.join(", ")} } from "../runtime/index.js";`,
    `import type { Context, ${input}, ${result} } from "../operations.js";`,
    ...(records.length > 0
      ? [`import type { ${records.join(", ")} } from "../repositories.js";`]
      : []),
    'import type * as S from "../schemas.js";',
  ];
}

export function signatureTypes(contract: HoleContract): { input: string; result: string } {
  const match = /\(input: ([\w$]+), context: Context\): Promise<([\w$]+)>/
    .exec(contract.signature);
  if (!match) throw new Error(`unexpected handler signature: ${contract.signature}`);
  return { input: match[1]!, result: match[2]! };
}

function systemText(contract: HoleContract): string {
  return [
    "You write the body of one handler function of a TypeScript (strict, ESM) Express " +
      "service compiled from an OpenAPI spec. Before the handler runs, the service has " +
      "validated the request against the spec (invalid requests already got 400) and " +
      "checked its security. The handler gets the validated input and returns one of the " +
      "documented results.",
    "Answer with ONLY the body of the function: the statements between its braces, in one " +
      "```ts fenced block, with no text before or after the block. No imports, no exports, " +
      "no signature: the file around the body is fixed and imports exactly this:",
    allowedImports(contract).map((line) => `    ${line}`).join("\n"),
    [
      "Rules:",
      "- Return an object of the result type ({ status, body, headers? }), or throw " +
        "new HttpProblem({ status, detail, headers? }) for a documented error status.",
      "- Use only the types, helpers and repository methods you are given. No Node.js " +
        "modules, no process, globalThis, eval, Function, require, import(), fetch, and no " +
        "changes to global objects.",
      "- Constants and helper functions you need are declared inside the body.",
      "- Follow the description, the rules and the examples; answer every status the " +
        "operation documents where the spec says when it applies.",
    ].join("\n"),
  ].join("\n\n");
}

function contractText(contract: HoleContract): string {
  const sections = [
    `Operation ${contract.operationId}: ${contract.method} ${contract.path}`,
    contract.summary ? `Summary: ${contract.summary}` : undefined,
    contract.description ? `Description:\n${contract.description}` : undefined,
    contract.rules.length > 0
      ? `Business rules:\n${contract.rules.map((r) => `- ${r}`).join("\n")}`
      : undefined,
    `The function (fixed):\n${fence(`${contract.signature} {\n  // your body\n}`)}`,
    `Types:\n${fence(contract.types)}`,
    `What the body may call:\n${fence(contract.helpers)}`,
    contract.examples.length > 0
      ? `Examples:\n${contract.examples.map((e) => `- ${e}`).join("\n")}`
      : undefined,
    `Write the body of ${contract.id}.`,
  ];
  return sections.filter((s): s is string => s !== undefined).join("\n\n");
}

function retryText(contract: HoleContract, rejections: Rejection[]): string {
  const reasons = rejections.map((r) => `- [${r.rule}] ${r.message}`).join("\n");
  return [
    "That answer was refused:",
    reasons,
    `Answer again with the whole corrected body of ${contract.id}, only, in one ` +
      "```ts fenced block.",
  ].join("\n\n");
}

function fence(text: string): string {
  return `\`\`\`ts\n${text}\n\`\`\``;
}
