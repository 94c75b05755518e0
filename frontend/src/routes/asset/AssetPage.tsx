export default function AssetPage() {
  return (
    <div className="page">
      <h1>Asset</h1>
    </div>
  );
}
