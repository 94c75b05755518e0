import { Link, useLocation } from "react-router";

export default function NotFoundPage() {
  const location = useLocation();
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p className="muted">
        Nothing lives at <code>{location.pathname}</code>. <Link to="/assets">Go to the asset catalog</Link>.
      </p>
    </div>
  );
}
