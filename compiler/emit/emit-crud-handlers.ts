/**
 * Compiled handlers for plain CRUD operations: each calls the resource's
 * repository and answers with the documented success status. A unique
 * constraint broken by a write surfaces as a 409 problem from the runtime.
 */

import type { CrudModel, OperationModel, ServiceModel } from "../model/service-model.js";
import { propertyKey } from "./schema-to-type.js";
import { inputTypeName, operationDocs, resultTypeName } from "./emit-operation-types.js";
import { handlerPath } from "./emit-handlers.js";
import { repositoryKey } from "./emit-repositories.js";
import type { OutputFile, SourcePrinter } from "./source-printer.js";

/** Where a created record can be read: the collection path and the id property. */
interface Location {
  basePath: string;
  id: string;
}

type Body = (op: OperationModel, crud: CrudModel, repository: string, location: Location) =>
  string[];

const BODIES: Record<CrudModel["action"], Body> = {
  create: (op, crud, repository, location) => [
    `const created = await ${repository}.insert(input.body);`,
    `return { status: ${crud.status}, body: created${locationHeader(op, "created", location)} };`,
  ],
  read: (_op, crud, repository) => [
    `const found = await ${repository}.get(${idExpression(crud)});`,
    `if (!found) throw notFound(${idExpression(crud)});`,
    `return { status: ${crud.status}, body: found };`,
  ],
  replace: (_op, crud, repository) => [
    `const replaced = await ${repository}.replace(${idExpression(crud)}, input.body);`,
    `if (!replaced) throw notFound(${idExpression(crud)});`,
    crud.status === 204 ? "return { status: 204 };"
      : `return { status: ${crud.status}, body: replaced };`,
  ],
  patch: (_op, crud, repository) => [
    `const updated = await ${repository}.update(${idExpression(crud)}, input.body);`,
    `if (!updated) throw notFound(${idExpression(crud)});`,
    crud.status === 204 ? "return { status: 204 };"
      : `return { status: ${crud.status}, body: updated };`,
  ],
  delete: (_op, crud, repository) => [
    `const deleted = await ${repository}.delete(${idExpression(crud)});`,
    `if (!deleted) throw notFound(${idExpression(crud)});`,
    `return { status: ${crud.status} };`,
  ],
  list: (_op, crud, repository) => listBody(crud, repository),
};

export function emitCrudHandler(
  model: ServiceModel,
  op: OperationModel,
  printer: SourcePrinter,
): OutputFile {
  const crud = op.crud!;
  const resource = model.resources.find((r) => r.name === crud.resource)!;
  const repository = `context.repositories.${repositoryKey(resource)}`;
  const location = { basePath: model.basePath, id: resource.id };
  const body = BODIES[crud.action](op, crud, repository, location);
  const needsNotFound = body.some((line) => line.includes("notFound("));

  return printer.print(handlerPath(op), [
    ...(needsNotFound ? ['import { HttpProblem } from "../runtime/index.js";'] : []),
    `import type { Context, ${inputTypeName(op)}, ${resultTypeName(op)} } from "../operations.js";`,
    "",
    `${operationDocs(op)}export async function ${op.id}(
  input: ${inputTypeName(op)},
  context: Context,
): Promise<${resultTypeName(op)}> {
  // Compiled from the spec: ${crud.action} on ${resource.name}.
${body.map((line) => `  ${line}`).join("\n")}
}`,
    ...(needsNotFound ? ["", notFoundFunction(resource.name)] : []),
  ]);
}

function idExpression(crud: CrudModel): string {
  return `input.path[${JSON.stringify(crud.idParameter)}]`;
}

function locationHeader(op: OperationModel, variable: string, location: Location): string {
  const success = op.responses.find((r) => Number(r.status) === op.crud!.status);
  const header = success?.headers.find((h) => h.name.toLowerCase() === "location");
  if (!header) return "";

  const id = `${variable}[${JSON.stringify(location.id)}]`;
  return `, headers: { ${propertyKey(header.name)}: \`${location.basePath}${op.path}/\${${id}}\` }`;
}

function listBody(crud: CrudModel, repository: string): string[] {
  const page = crud.page!;
  const query = (name: string | undefined) =>
    name === undefined ? "undefined" : `input.query[${JSON.stringify(name)}]`;
  const filters = Object.entries(page.filters)
    .map(([param, property]) => `${propertyKey(property)}: ${query(param)}`);
  const options = [
    `filter: { ${filters.join(", ")} }`,
    page.limitParameter ? `limit: ${query(page.limitParameter)}` : undefined,
    page.offsetParameter ? `offset: ${query(page.offsetParameter)}` : undefined,
    page.cursorParameter ? `after: ${query(page.cursorParameter)}` : undefined,
  ].filter((o) => o !== undefined);

  const fetch = `const page = await ${repository}.list({ ${options.join(", ")} });`;
  if (page.shape === "array") return [fetch, `return { status: ${crud.status}, body: page.items };`];

  const next = page.nextCursorProperty
    ? `, ...(page.nextCursor === undefined ? {} : { ${propertyKey(page.nextCursorProperty)}: ` +
      "page.nextCursor })"
    : "";
  return [
    fetch,
    `return { status: ${crud.status}, body: { ${propertyKey(page.itemsProperty!)}: page.items` +
      `${next} } };`,
  ];
}

function notFoundFunction(resource: string): string {
  return `function notFound(id: unknown): HttpProblem {
  return new HttpProblem({ status: 404, detail: \`no ${resource} has the id \${String(id)}\` });
}`;
}
