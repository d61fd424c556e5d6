import { handlers } from "@stepwise/auth/next";

export const { GET, POST } = handlers;
