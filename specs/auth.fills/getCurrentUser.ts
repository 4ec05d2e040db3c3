// spec2svc-fill contract=fd6e504b8c91e62e52d2006a02b3bb89f3ca5eb6abba79d90b14accbefdc7cd2 source=hand
// Written by hand: the spec says the token names the user; this reads that user.
import { HttpProblem } from "../runtime/index.js";
import type { Context, GetCurrentUserInput, GetCurrentUserResult } from "../operations.js";

/**
 * The signed-in user
 *
 * The runtime has already verified the bearer token; its subject is the
 * user's id. A valid token for a user that no longer exists is refused.
 */
export async function getCurrentUser(
  _input: GetCurrentUserInput,
  context: Context,
): Promise<GetCurrentUserResult> {
  const subject = context.principal?.subject;
  const user = subject === undefined ? undefined : await context.repositories.users.get(subject);
  if (!user) {
    throw new HttpProblem({
      status: 401,
      detail: "The token does not belong to a user.",
      headers: { "WWW-Authenticate": 'Bearer realm="auth", error="invalid_token"' },
    });
  }

  return { status: 200, body: user };
}
