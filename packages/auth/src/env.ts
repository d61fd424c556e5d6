/**
 * Production refuses to start without its secrets; the demo (STEPWISE_DEMO=1) and development get
 * a generated or fixed development secret instead.
 */
export function isProductionMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "production" && env.STEPWISE_DEMO !== "1";
}

export class MissingEnvError extends Error {
  constructor(readonly variable: string, why: string) {
    super(`Missing environment variable ${variable}: ${why}`);
    this.name = "MissingEnvError";
  }
}

export function authSecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.AUTH_SECRET;
  if (secret && secret.length >= 32) return secret;
  if (isProductionMode(env)) {
    throw new MissingEnvError("AUTH_SECRET", "production mode needs a random secret of at least 32 characters (e.g. `openssl rand -base64 33`).");
  }
  return secret || "stepwise-development-secret-not-for-production-use";
}
