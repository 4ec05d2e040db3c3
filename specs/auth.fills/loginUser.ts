// spec2svc-fill contract=a3e36d07ac7367ae3d2bcd7c7556e618deeeed8c49b2ad1378172f47f6830210 source=hand
// Written by hand: the spec says what login answers, not how a password is checked.
import { dummyVerify, HttpProblem, issueToken, verifyPassword } from "../runtime/index.js";
import type { Context, LoginUserInput, LoginUserResult } from "../operations.js";

const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Sign in
 *
 * An unknown username and a wrong password get the same answer, and take as
 * long, so the response does not tell which usernames exist.
 */
export async function loginUser(input: LoginUserInput, context: Context): Promise<LoginUserResult> {
  const { username, password } = input.body;
  const user = await context.repositories.users.findOne({ username });

  const valid = user
    ? await verifyPassword(password, user.password)
    : await dummyVerify(password);
  if (!user || !valid) {
    throw new HttpProblem({
      status: 401,
      detail: "The username or the password is wrong.",
      headers: { "WWW-Authenticate": 'Bearer realm="auth"' },
    });
  }

  const accessToken = await issueToken({ sub: user.id }, { expiresIn: TOKEN_LIFETIME_SECONDS });
  return {
    status: 200,
    body: { accessToken, tokenType: "Bearer", expiresIn: TOKEN_LIFETIME_SECONDS },
  };
}
