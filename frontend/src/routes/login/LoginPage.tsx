/** Session login; returns to the page the user was sent away from. */
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useLogin, useMe } from "@/api/auth";
import { ErrorMessage } from "@/components/common/ErrorMessage";
import "./login.css";

export default function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { data: me } = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  if (me) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <h1 id="login-title">Sign in to Orchestrator</h1>
        </div>
        {login.error && <ErrorMessage error={login.error} title="Sign-in failed" />}
        <label htmlFor="login-username">Username</label>
        <input
          id="login-username"
          className="input"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoFocus
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          className="input"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button className="btn btn-primary" type="submit" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted login-hint">
          <code>orchestrator dev</code> prints the admin login on its first start.
        </p>
      </form>
    </main>
  );
}

/** Only same-site paths: a crafted `?next=https://…` must not send the user elsewhere. */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/login")) return "/assets";
  return value;
}
