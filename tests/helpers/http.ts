/** Calling real loaders and actions with real Requests, as Remix would. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

const BASE = "http://localhost";

type Params = Record<string, string>;

let defaults: Record<string, string> = {};
/** Headers sent with every request of the test file (a signed-in session, our Origin). */
export function setDefaultHeaders(headers: Record<string, string>): void {
  defaults = headers;
}

/** Runs a loader; a thrown Response (404, redirect) is returned instead of thrown. */
export async function callLoader(
  loader: (args: LoaderFunctionArgs) => Promise<Response> | Response,
  url: string,
  params: Params = {},
  init: RequestInit = {},
): Promise<Response> {
  try {
    const headers = new Headers(defaults);
    new Headers(init.headers).forEach((v, k) => headers.set(k, v));
    headers.delete("Origin");
    return await loader({ request: new Request(BASE + url, { ...init, headers }), params, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/**
 * Posts form fields to an action, as a browser without JavaScript would. A header given as null
 * is left out (a request without Origin, say); `context` is the server's load context.
 */
export async function postForm(
  action: (args: ActionFunctionArgs) => Promise<Response> | Response,
  url: string,
  fields: Record<string, string> | [string, string][],
  params: Params = {},
  headers: Record<string, string | null> = {},
  context: ActionFunctionArgs["context"] = {},
): Promise<Response> {
  const body = new URLSearchParams(fields as Record<string, string>);
  const merged = new Headers({ "Content-Type": "application/x-www-form-urlencoded", ...defaults });
  for (const [k, v] of Object.entries(headers)) {
    if (v === null) merged.delete(k);
    else merged.set(k, v);
  }
  const request = new Request(BASE + url, { method: "POST", body, headers: merged });
  try {
    return await action({ request, params, context });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

export async function jsonOf<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
