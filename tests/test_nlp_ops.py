"""The pipeline's matrix products go through numpy's BLAS, on one thread. (That it annotates
like spaCy's own blis-backed pipeline is checked in test_nlp.py, with the other speed-ups.)"""

from __future__ import annotations

from thinc.backends.numpy_ops import NumpyOps

from claimledger.nlp import load_pipeline, single_thread_blas


def test_models_use_numpy_blas_not_blis() -> None:
    nlp = load_pipeline()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            assert isinstance(node.ops, NumpyOps)
            assert node.ops.use_blis is False


def test_single_thread_blas_limits_and_restores() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    with single_thread_blas():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before
