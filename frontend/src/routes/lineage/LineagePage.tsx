export default function LineagePage() {
  return (
    <div className="page">
      <h1>Lineage</h1>
    </div>
  );
}
