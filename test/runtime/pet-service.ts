/**
 * A small hand-written service, shaped like generated output, that exercises
 * most of the runtime: parameters, every body kind, redaction, problems.
 */
import { HttpProblem, notImplemented } from "../../runtime/problem.js";
import type { HandlerContext, ServiceDefinition } from "../../runtime/route.js";
import { compile, param, paramsValidator, route } from "./support.js";

const petBody = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    age: { type: "integer", minimum: 0 },
    microchip: { type: "string", writeOnly: true },
  },
  required: ["name"],
  additionalProperties: false,
};

const validators = {
  petId: paramsValidator({ path: { petId: { type: "integer" } } }, { path: ["petId"] }),
  listPets: paramsValidator(
    {
      query: {
        limit: { type: "integer", minimum: 1, maximum: 100 },
        tags: { type: "array", items: { type: "string" } },
      },
      header: { "X-Tenant": { type: "string", pattern: "^[a-z]+$" } },
    },
    { header: ["X-Tenant"] },
  ),
  createPet: paramsValidator({ query: { dryRun: { type: "boolean" } } }),
  petJson: compile(petBody, { coerce: false }),
  petForm: compile(petBody),
  note: compile({ type: "string", maxLength: 20 }),
};

interface Pet {
  id: number;
  name: string;
  age?: number;
  microchip?: string;
}

export interface PetServiceProbe {
  /** The context each handler was last called with. */
  contexts: HandlerContext[];
}

export function petService(probe: PetServiceProbe = { contexts: [] }): ServiceDefinition {
  const pets: Pet[] = [{ id: 1, name: "Rex", age: 3, microchip: "985-1" }];
  const seen = (context: HandlerContext) => probe.contexts.push(context);

  return {
    name: "pets",
    version: "1.2.3",
    redactionShapes: { Pet: { drop: ["microchip"] } },
    routes: [
      route({
        operationId: "getPet",
        path: "/pets/{petId}",
        parameters: [param("path", "petId")],
        validateParams: validators.petId,
        redactions: { "200": { ref: "Pet" } },
        handler: async (input, context) => {
          seen(context);
          const pet = pets.find((candidate) => candidate.id === input.path.petId);
          if (!pet) throw new HttpProblem({ status: 404, detail: `No pet ${input.path.petId}` });
          return { status: 200, body: pet };
        },
      }),
      route({
        operationId: "listPets",
        path: "/pets",
        parameters: [
          param("query", "limit"),
          param("query", "tags", { shape: "array", explode: false }),
          param("header", "X-Tenant"),
        ],
        validateParams: validators.listPets,
        redactions: { "2XX": { items: { ref: "Pet" } } },
        handler: async (input) => ({
          status: 200,
          headers: { "X-Total-Count": pets.length },
          body: pets.slice(0, input.query.limit ?? pets.length),
        }),
      }),
      route({
        operationId: "createPet",
        method: "post",
        path: "/pets",
        parameters: [param("query", "dryRun")],
        validateParams: validators.createPet,
        body: {
          required: true,
          media: {
            "application/json": validators.petJson,
            "application/merge-patch+json": validators.petJson,
            "application/x-www-form-urlencoded": validators.petForm,
            "multipart/form-data": undefined,
          },
        },
        redactions: { default: { ref: "Pet" } },
        handler: async (input) => {
          const pet = { id: pets.length + 1, ...(input.body as Omit<Pet, "id">) };
          if (!input.query.dryRun) pets.push(pet);
          return { status: 201, headers: { Location: `/pets/${pet.id}` }, body: pet };
        },
      }),
      route({
        operationId: "deletePet",
        method: "delete",
        path: "/pets/{petId}",
        parameters: [param("path", "petId")],
        validateParams: validators.petId,
        handler: async () => ({ status: 204, body: { ignored: true } }),
      }),
      route({
        operationId: "getMyPet",
        path: "/pets/mine",
        handler: async () => ({ status: 200, body: { id: 0, name: "Mine" } }),
      }),
      route({
        operationId: "addNote",
        method: "post",
        path: "/notes",
        body: { required: false, media: { "text/plain": validators.note } },
        handler: async (input) => ({
          status: 200,
          contentType: "text/plain",
          body: `got ${JSON.stringify(input.body)} as ${input.contentType}`,
        }),
      }),
      route({
        operationId: "crash",
        path: "/crash",
        handler: async () => {
          throw new Error("database password is hunter2");
        },
      }),
      route({
        operationId: "adoptPet",
        method: "post",
        path: "/pets/{petId}/adopt",
        handler: async () => notImplemented("adoptPet"),
      }),
    ],
  };
}
