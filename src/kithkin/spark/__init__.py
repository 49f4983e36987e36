"""The Spark engine for batch jobs: the same features and model as :mod:`kithkin.network`, over Parquet.

- :mod:`kithkin.spark.session` — a Spark session for a master URL (``local[2]``, ``spark://…``,
  ``yarn``), with one clear error naming what to install when Java or pyspark is missing;
- :mod:`kithkin.spark.features` — what each Spark column mirrors in the in-process engine (one table),
  and the per-block scoring that calls the in-process model itself;
- :mod:`kithkin.spark.suggest` — people you should meet: two-hop and shared-rare-group candidates by
  joins, the ranker's features as aggregates, the learned model, top ``k`` per person by a window.

pyspark is imported only inside these modules (ruff's banned-api keeps it here) and only when a job
runs, so ``import kithkin`` never needs it.
"""
