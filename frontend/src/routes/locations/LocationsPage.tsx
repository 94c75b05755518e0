export default function LocationsPage() {
  return (
    <div className="page">
      <h1>Code\ locations</h1>
    </div>
  );
}
