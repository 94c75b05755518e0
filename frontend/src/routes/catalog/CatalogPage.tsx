export default function CatalogPage() {
  return (
    <div className="page">
      <h1>Assets</h1>
    </div>
  );
}
