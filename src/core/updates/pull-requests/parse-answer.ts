import type * as z from "zod";
import { LockkeeperError } from "../../errors.js";
import type { ApiClient } from "./api-request.js";

/** Checks an API answer against the fields Lockkeeper reads; NETWORK error naming the request otherwise. */
export function parseAnswer<T>(client: ApiClient, schema: z.ZodType<T>, json: unknown, request: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new LockkeeperError(
    "NETWORK",
    `the ${client.service} API sent an unexpected answer to ${request}${where}: ${issue?.message ?? "invalid"}`,
    { hint: "check that the API URL points at the service's REST API" },
  );
}
