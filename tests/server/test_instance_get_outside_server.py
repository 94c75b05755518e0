"""``DagsterInstance.get()`` in a plain script reads and writes the server's database."""

import subprocess
import sys
import textwrap


def test_script_materializes_into_orchestrator_home(tmp_path):
    env = {"ORCHESTRATOR_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, env=env)
    script = textwrap.dedent(
        """
        import sys
        from orchestrator import DagsterInstance, asset, materialize_to_memory
        assert "django" not in sys.modules

        @asset
        def scripted():
            return 1

        instance = DagsterInstance.get()
        result = materialize_to_memory([scripted], instance=instance)
        from runs_app.models import Run
        from assets_app.models import Materialization
        run = Run.objects.get(id=result.run_id)
        print(run.status, Materialization.objects.get(run=run).asset_key,
              DagsterInstance.get().get_latest_materialization_event("scripted").run_id == result.run_id)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["SUCCESS", "scripted", "True"]
