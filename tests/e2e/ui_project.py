"""The seed example plus what the browser tests need beyond it: a failing asset, an asset with
run config, and one whose description is hostile markup."""

from seed_pipeline import defs as seed_defs

from orchestrator import AssetExecutionContext, Config, Definitions, MaterializeResult, asset


@asset(group_name="reports", description="Always fails: its page must show the traceback.")
def broken_report() -> None:
    raise RuntimeError("the report source is unreachable")


class ScaleConfig(Config):
    factor: int
    label: str = "scaled"


@asset(group_name="reports", kinds={"python"}, owners=["team:analytics"])
def scaled_numbers(context: AssetExecutionContext, config: ScaleConfig) -> MaterializeResult:
    context.log.info(f"scaling by {config.factor}")
    return MaterializeResult(metadata={"row_count": config.factor * 10, "label": config.label})


@asset(group_name="reports", description="<script>window.__xss = 1</script><b>bold?</b>")
def hostile_description() -> int:
    return 1


defs = Definitions.merge(seed_defs, Definitions(assets=[broken_report, scaled_numbers, hostile_description]))
