/** An error shown where the data would be: a 403 says the role does not allow it, never a blank page. */
import { ApiError } from "@/api/client";

export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  let heading = title ?? "Something went wrong";
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    if (error.status === 403) {
      heading = "Not allowed";
      detail = `${error.message} Ask an admin for a role that allows it.`;
    } else if (error.status === 404) {
      heading = title ?? "Not found";
    }
  }
  return (
    <div className="alert alert-error" role="alert">
      <strong>{heading}</strong>
      <div>{detail}</div>
    </div>
  );
}
