/**
 * The one fetch client of the UI: typed from the OpenAPI schema, sends the CSRF token on
 * writes, turns a 401 into a trip to the login page and every other error into `ApiError`.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export type { components, paths } from "./schema";
export type Schemas = import("./schema").components["schemas"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

/** A failed API call: its HTTP status and the JSON body (field errors for a 400). */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(describeError(status, body));
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }

  /** Field errors of a 400, flattened to `path → messages` (`run_config.ops.x` → [...]). */
  fieldErrors(): Record<string, string[]> {
    return flattenErrors(this.body);
  }
}

export function describeError(status: number, body: unknown): string {
  if (body && typeof body === "object" && "detail" in body) {
    const detail = (body as { detail: unknown }).detail;
    if (typeof detail === "string") return detail;
  }
  if (status === 403) return "Your role does not allow this action.";
  if (status === 404) return "Not found.";
  const fields = flattenErrors(body);
  const first = Object.entries(fields)[0];
  // Errors of no one field (DRF's non_field_errors, a bare list) read as the message alone.
  if (first) return first[0] === "" || first[0] === "non_field_errors" ? first[1].join(" ") : `${first[0]}: ${first[1].join(" ")}`;
  return `The server answered ${status}.`;
}

/** DRF's nested error bodies as dotted paths; a top-level string list is under "". */
export function flattenErrors(body: unknown, prefix = ""): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") {
      (out[path] ??= []).push(value);
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === "string")) {
        for (const v of value) (out[path] ??= []).push(v as string);
      } else {
        value.forEach((v, i) => visit(v, path ? `${path}.${i}` : String(i)));
      }
    } else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) visit(v, path ? `${path}.${key}` : key);
    }
  };
  visit(body, prefix);
  return out;
}

export const UNAUTHORIZED_EVENT = "orchestrator:unauthorized";

const middleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) request.headers.set("X-CSRFToken", csrfToken());
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(middleware);

/** The data of an openapi-fetch result, or an `ApiError`: query functions and mutations use it. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error ?? null);
  return data as T;
}
