export default function LaunchpadPage() {
  return (
    <div className="page">
      <h1>Launchpad</h1>
    </div>
  );
}
