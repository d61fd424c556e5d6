export * from "./password";
export * from "./policy";
export * from "./authenticate";
export * from "./env";
export * from "./safe-redirect";
export * from "./reentry";
export * from "./mfa";
export * from "./sign-in-steps";
export { mfaKey, sealSecret, openSecret, SealedSecretError, recoveryCodeCount } from "./mfa-crypto";
