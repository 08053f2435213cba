"""Corpus scale: the ingest -> dedup -> cluster -> brief pipeline as Dask tasks over partitions.

``run_batch(inputs, out, client)`` writes Parquet tables to ``out`` (see :mod:`.output`);
``load_batch(out, store)`` brings them into a store. See the README's "Corpus scale" section.
"""

from newsbrief.batch.pipeline import BatchConfig, BatchReport, run_batch

__all__ = ["BatchConfig", "BatchReport", "run_batch"]
