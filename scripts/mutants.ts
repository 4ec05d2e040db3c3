/**
 * Known-wrong variants of the example services, each a single edit to the
 * generated output: the kinds of mistake a hand-written or model-written
 * handler makes. The contract suite must reject them.
 */

export interface Mutant {
  service: "auth" | "catalog";
  id: string;
  /** What a person would call the mistake. */
  kind: string;
  /** File under the service's `src/`. */
  file: string;
  /** Must match exactly once. */
  find: string | RegExp;
  replace: string;
}

/** Drops the `security` entry of one operation's route. */
function skipAuth(service: Mutant["service"], operationId: string, scheme: string): Mutant {
  return {
    service,
    id: `skip-auth-${operationId}`,
    kind: "skipped auth check",
    file: "routes.ts",
    find: new RegExp(`(operationId: "${operationId}",[\\s\\S]*?)    security: \\[\\{ ${scheme}: ` +
      "\\[\\] \\}\\],\\n"),
    replace: "$1",
  };
}

/** Replaces one operation's body validator by one that accepts anything. */
function swallowValidation(service: Mutant["service"], operationId: string): Mutant {
  return {
    service,
    id: `swallow-validation-${operationId}`,
    kind: "swallowed validation error",
    file: "routes.ts",
    find: `exact.body_${operationId}_0`,
    replace: "Object.assign(() => true, { errors: null })",
  };
}

function handler(
  service: Mutant["service"],
  operationId: string,
  id: string,
  kind: string,
  find: string,
  replace: string,
): Mutant {
  return { service, id: `${id}-${operationId}`, kind, file: `handlers/${operationId}.ts`, find,
    replace };
}

const status = (service: Mutant["service"], op: string, from: number, to: number) =>
  handler(service, op, `status-${from}-to-${to}`, "wrong status code", `status: ${from}`,
    `status: ${to}`);

const rename = (service: Mutant["service"], op: string, variable: string, field: string) =>
  handler(service, op, `rename-${field}`, "field renamed in the response", `body: ${variable}`,
    `body: { ...${variable}, ${field}: undefined, ${field}Value: ${variable}.${field} }`);

const dropNotFound = (service: Mutant["service"], op: string, variable: string) =>
  handler(service, op, "no-404", "missing not-found check", `if (!${variable}) throw notFound`,
    "if (false) throw notFound");

export const MUTANTS: Mutant[] = [
  status("auth", "registerUser", 201, 200),
  rename("auth", "registerUser", "created", "username"),
  rename("auth", "registerUser", "created", "email"),
  swallowValidation("auth", "registerUser"),
  swallowValidation("auth", "loginUser"),
  {
    service: "auth", id: "return-password", kind: "returned password",
    file: "redactions.ts", find: '{ User: { drop: ["password"] } }', replace: "{}",
  },
  {
    service: "auth", id: "drop-unique-username", kind: "dropped uniqueness check",
    file: "migrations.ts", find: /\{\n\s+sqlite: "CREATE UNIQUE INDEX[^\n]+users_username_key[^\n]+\n[^\n]+\n\s+\},\n/,
    replace: "",
  },
  {
    service: "auth", id: "email-case-sensitive", kind: "dropped uniqueness check",
    file: "migrations.ts", find: /lower\(\\"email\\"\)/g, replace: '\\"email\\"',
  },
  {
    service: "auth", id: "login-skip-password", kind: "skipped auth check",
    file: "handlers/loginUser.ts", find: "if (!user || !valid) {", replace: "if (!user) {",
  },
  handler("auth", "loginUser", "token-type", "field value changed", 'tokenType: "Bearer"',
    'tokenType: "bearer"'),
  handler("auth", "loginUser", "expires-zero", "field value changed",
    'tokenType: "Bearer", expiresIn: TOKEN_LIFETIME_SECONDS', 'tokenType: "Bearer", expiresIn: 0'),
  status("auth", "loginUser", 200, 201),
  handler("auth", "loginUser", "status-401-to-403", "wrong status code", "status: 401",
    "status: 403"),
  handler("auth", "getCurrentUser", "any-user", "skipped auth check",
    "const subject = context.principal?.subject;",
    "const subject = (await context.repositories.users.list({ limit: 1 })).items[0]?.id;"),
  skipAuth("auth", "getCurrentUser", "bearerAuth"),
  rename("auth", "getCurrentUser", "user", "email"),

  status("catalog", "createCategory", 201, 200),
  status("catalog", "getCategory", 200, 201),
  status("catalog", "listCategories", 200, 201),
  status("catalog", "deleteCategory", 204, 200),
  status("catalog", "createProduct", 201, 200),
  status("catalog", "deleteProduct", 204, 200),
  status("catalog", "updateProduct", 200, 201),
  rename("catalog", "createProduct", "created", "sku"),
  rename("catalog", "getProduct", "found", "name"),
  rename("catalog", "getCategory", "found", "name"),
  rename("catalog", "replaceCategory", "replaced", "name"),
  dropNotFound("catalog", "getProduct", "found"),
  dropNotFound("catalog", "getCategory", "found"),
  dropNotFound("catalog", "updateProduct", "updated"),
  skipAuth("catalog", "createCategory", "apiKey"),
  skipAuth("catalog", "replaceCategory", "apiKey"),
  skipAuth("catalog", "deleteCategory", "apiKey"),
  skipAuth("catalog", "createProduct", "apiKey"),
  skipAuth("catalog", "updateProduct", "apiKey"),
  skipAuth("catalog", "deleteProduct", "apiKey"),
  swallowValidation("catalog", "createCategory"),
  swallowValidation("catalog", "replaceCategory"),
  swallowValidation("catalog", "createProduct"),
  swallowValidation("catalog", "updateProduct"),
  handler("catalog", "updateProduct", "patch-as-replace", "patch replaces the record",
    ".update(", ".replace("),
  handler("catalog", "listProducts", "off-by-one", "off-by-one in pagination",
    'limit: input.query["limit"]', 'limit: Number(input.query["limit"] ?? 20) + 1'),
  handler("catalog", "listProducts", "ignore-cursor", "pagination ignores the cursor",
    'after: input.query["cursor"]', "after: undefined"),
  handler("catalog", "listProducts", "ignore-filter", "list ignores its filter",
    'categoryId: input.query["categoryId"]', "categoryId: undefined"),
  {
    service: "catalog", id: "drop-unique-sku", kind: "dropped uniqueness check",
    file: "migrations.ts", find: /\{\n\s+sqlite: "CREATE UNIQUE INDEX[^\n]+products_sku_key[^\n]+\n[^\n]+\n\s+\},\n/,
    replace: "",
  },
  handler("catalog", "listCategories", "ignore-offset", "off-by-one in pagination",
    'offset: input.query["offset"]', 'offset: Number(input.query["offset"] ?? 0) + 1'),
];
