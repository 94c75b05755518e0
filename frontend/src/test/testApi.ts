/**
 * An API client for tests, answered by a function: a test replaces `@/api/client`'s `api` with
 * `testApi` through `vi.mock`. It imports nothing of the app, so the mock cannot import itself.
 */
import createClient from "openapi-fetch";
import type { paths } from "@/api/schema";

export type Handler = (request: Request) => Response | Promise<Response>;

let handler: Handler = () => json({ detail: "No handler" }, 500);
export const requests: Request[] = [];

export function setHandler(next: Handler): void {
  handler = next;
  requests.length = 0;
}

export const testApi = createClient<paths>({
  baseUrl: "http://test.local",
  fetch: async (request: Request) => {
    requests.push(request.clone());
    return handler(request);
  },
});

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

