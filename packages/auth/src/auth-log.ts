import { randomUUID } from "node:crypto";
import { logInternalError } from "@stepwise/db";

/**
 * Auth.js's own logger prints an error's message and its cause's stack: when sign-in fails in the
 * database, that is the SQL with the email among its parameters. Its errors go through the server's
 * one logger instead. A refused sign-in is an answer, not a fault: the lockout records it.
 */
export const authLogger = {
  error(error: Error) {
    if ((error as { type?: unknown }).type === "CredentialsSignin") return;
    logInternalError({ errorId: randomUUID(), path: "auth", actorId: undefined, error });
  },
};
