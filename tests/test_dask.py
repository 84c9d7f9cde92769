"""Extraction on a Dask cluster gives the same ledger as a local ingest (PostgreSQL ledger)."""

from __future__ import annotations

from typing import Any

import pytest

from claimledger.export import export_sections
from claimledger.ingest import IngestOptions, read_inputs
from claimledger.pipeline import PipelineOptions, ingest_items
from claimledger.store import Store
from datapaths import SAMPLE

distributed = pytest.importorskip("dask.distributed")

pytestmark = pytest.mark.postgres

# Fields that say when something was computed, not what: they differ between any two runs.
_VOLATILE = {"generated_at", "assessed_at", "ingested_at", "at", "changed_at"}


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _ledger(url: str, dask: str | None) -> dict[str, Any]:
    with Store.open(url) as store:
        items = read_inputs([SAMPLE], options=IngestOptions())
        outcomes = list(ingest_items(items, store, options=PipelineOptions(dask=dask)))
        assert [o.status for o in outcomes] == ["new"] * 6
        sections = export_sections(store, with_text=False)
        return {name: _stable(list(rows)) for name, rows in sections.items()}


def test_dask_extraction_gives_the_ledger_of_a_local_ingest(
    postgres_schema_url: str, sqlite_url: str
) -> None:
    local = _ledger(sqlite_url, None)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = _ledger(postgres_schema_url, cluster.scheduler_address)
        # The cluster, not this process, extracted (Dask names the tasks after the function).
        assert any("extract_batch" in prefix for prefix in cluster.scheduler.task_prefixes)
    assert local["claims"] and local["entities"]
    assert on_dask == local
