"""Scale-out: extraction batches on a Dask cluster of two worker processes, through Prefect's
Dask task runner, give the same events as the local run."""
import duckdb
import pytest

from conftest import DEV_DOCS, need

EVENTS = "select source_uri, event_type, actor_code, target_code, date_value, rule_id from event_mentions order by all"


def rows(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(EVENTS).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_events_as_the_local_run(prefect_harness, dev_warehouse, tmp_path):
    need(DEV_DOCS)
    distributed = pytest.importorskip("distributed")
    from prefect_dask import DaskTaskRunner

    from waqai.flows.pipeline import waqai_run

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        flow = waqai_run.with_options(task_runner=DaskTaskRunner(address=cluster.scheduler_address))
        # One document per batch: five tasks spread over the two workers.
        result = flow(inputs=[str(DEV_DOCS)], warehouse=str(tmp_path / "dask.duckdb"), batch_size=1, on_cluster=True)
    assert result["mention_parts"] == 5
    assert rows(tmp_path / "dask.duckdb") == rows(dev_warehouse)
